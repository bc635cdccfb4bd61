package org.pathguard.network;

import java.util.UUID;

/**
 * Event: a referral moved from one state to the next (its time is the event's). {@code reason} says why for a
 * refusal or cancellation; {@code partnerAccession} comes with SENT; {@code dispatchId} with DISPATCHED.
 */
record ReferralStateChanged(UUID referralId, ReferralState from, ReferralState to, String reason, String partnerAccession,
                            UUID dispatchId) {

    static ReferralStateChanged to(Referral referral, ReferralState to, String reason) {
        return new ReferralStateChanged(referral.id(), referral.state(), to, reason, null, null);
    }
}
