package org.pathguard.ui;

import org.pathguard.network.Referral;
import org.pathguard.network.ReferralState;
import org.pathguard.network.Referrals;

import java.time.Duration;
import java.time.Instant;

/**
 * A line of the "Referred out" worklist as the bench reads it: where the test is in words, how long since it was
 * asked for, and, when late, by how long past the partner's turnaround plus transport.
 */
record ReferralLine(Referral referral, String partnerName, String state, String age, String overdueBy, Instant dueBy) {

    private static final Times TIMES = new Times();

    static ReferralLine of(Referrals.ReferredOut line, Instant now) {
        Referral r = line.referral();
        long lateMinutes = Duration.between(line.dueBy(), now).toMinutes();
        String late = !line.overdue() ? null : lateMinutes < 1 ? "less than a minute" : TIMES.duration(lateMinutes);
        return new ReferralLine(r, line.partnerName(), words(r.state()), TIMES.duration(line.age().toMinutes()), late, line.dueBy());
    }

    public boolean overdue() {
        return overdueBy != null;
    }

    static String words(ReferralState state) {
        return switch (state) {
            case REQUESTED -> "Requested, waiting for the partner to accept";
            case SENT -> "Accepted by the partner, to be packed";
            case DISPATCHED -> "Dispatched";
            case RECEIVED -> "Received by the partner";
            case RESULTED -> "Resulted, waiting for release here";
            case CLOSED -> "Closed";
            case REFUSED -> "Refused";
            case CANCEL_REQUESTED -> "Cancellation sent, waiting for the partner";
            case CANCELLED -> "Cancelled";
        };
    }
}
