package org.pathguard.network;

import org.pathguard.lab.Priority;

import java.time.Duration;
import java.time.Instant;

/**
 * When an open referral is late: past its due time, which is fixed when the referral is asked for as the partner's
 * agreed turnaround for its priority plus the time the specimen takes to get there. A partner with no turnaround
 * for the priority gives none, so the referral is due as soon as the transport time has passed: a gap in the
 * agreement must show, not hide the work. A referral with no due time (no agreement when it was asked for) is late
 * at once for the same reason. The worklist's query states the same rule, so it can page and count the late ones.
 */
public final class Overdue {

    private Overdue() {
    }

    public static Duration allowed(Agreement agreement, Priority priority) {
        return Duration.ofMinutes(agreement.turnaroundMinutes().getOrDefault(priority, 0) + (long) agreement.transportMinutes());
    }

    /** The due time of a referral asked for at {@code requestedAt}, under the agreement in force then. */
    public static Instant dueBy(Agreement agreement, Priority priority, Instant requestedAt) {
        return requestedAt.plus(allowed(agreement, priority));
    }

    /** {@code dueBy} null means unknown, and unknown is late: a referral nobody can time must be looked at. */
    public static boolean overdue(ReferralState state, Instant dueBy, Instant now) {
        if (!state.open() || state == ReferralState.RESULTED) {
            return false;
        }
        return dueBy == null || now.isAfter(dueBy);
    }
}
