package org.pathguard.network;

import org.pathguard.lab.Conflict;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a referred test is between the two labs. Every state but CLOSED and CANCELLED is open and on the
 * "Referred out" worklist: a refusal stays there until someone cancels it or refers the test again, so no
 * referral ever waits where nobody looks.
 */
public enum ReferralState {
    /** Asked for here; the order message to the partner is not yet acknowledged. */
    REQUESTED,
    /** The partner acknowledged the order (ORL AA) and gave it its accession. */
    SENT,
    /** The specimen left in a box for the partner. */
    DISPATCHED,
    /** The partner's reception has the specimen. */
    RECEIVED,
    /** The partner's results are filed here; closed once they are released on our report. */
    RESULTED,
    CLOSED,
    /** The partner refused the order (ORL AE/AR) or the referral could not be made; the reason says why. */
    REFUSED,
    /** A person cancelled it after the order was sent; waiting for the partner to acknowledge the cancellation. */
    CANCEL_REQUESTED,
    CANCELLED;

    public boolean open() {
        return this != CLOSED && this != CANCELLED;
    }

    /** Whether the partner holds (or may hold) the order, so a cancellation must be sent to it. */
    public boolean knownToPartner() {
        return this == SENT || this == DISPATCHED || this == RECEIVED;
    }

    private Set<ReferralState> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(SENT, REFUSED, CANCELLED);
            case SENT -> EnumSet.of(DISPATCHED, RECEIVED, RESULTED, CANCEL_REQUESTED);
            case DISPATCHED -> EnumSet.of(RECEIVED, RESULTED, CANCEL_REQUESTED);
            case RECEIVED -> EnumSet.of(RESULTED, CANCEL_REQUESTED);
            case RESULTED -> EnumSet.of(CLOSED);
            // A refused referral is cancelled (acknowledged) or replaced by a new referral of the same test.
            case REFUSED -> EnumSet.of(CANCELLED);
            // The partner either confirms the cancellation, refuses it (back where it was), or its result crossed ours.
            case CANCEL_REQUESTED -> EnumSet.of(CANCELLED, SENT, DISPATCHED, RECEIVED, RESULTED);
            case CLOSED, CANCELLED -> EnumSet.noneOf(ReferralState.class);
        };
    }

    public boolean canMoveTo(ReferralState to) {
        return next().contains(to);
    }

    /** Refuses a move the state machine does not allow, naming both states. */
    public void requireMoveTo(ReferralState to, String what) {
        if (!canMoveTo(to)) {
            throw new Conflict("The referral is " + this + "; it cannot " + what + " (that would make it " + to + ")");
        }
    }
}
