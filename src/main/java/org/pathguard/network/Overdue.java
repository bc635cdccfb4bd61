package org.pathguard.network;

import org.pathguard.lab.Priority;

import java.time.Duration;
import java.time.Instant;

/**
 * When an open referral is late: older than the partner's agreed turnaround for its priority plus the time the
 * specimen takes to get there. A partner with no turnaround for the priority gives none, so the referral is
 * overdue as soon as the transport time has passed: a gap in the agreement must show, not hide the work.
 */
public final class Overdue {

    private Overdue() {
    }

    public static Duration allowed(Agreement agreement, Priority priority) {
        return Duration.ofMinutes(agreement.turnaroundMinutes().getOrDefault(priority, 0) + (long) agreement.transportMinutes());
    }

    public static boolean overdue(Agreement agreement, Priority priority, ReferralState state, Instant requestedAt, Instant now) {
        if (!state.open() || state == ReferralState.RESULTED) {
            return false;
        }
        return Duration.between(requestedAt, now).compareTo(allowed(agreement, priority)) > 0;
    }
}
