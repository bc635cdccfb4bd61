package org.pathguard.lab;

import java.time.Duration;
import java.time.Instant;

/**
 * Turnaround time from receipt in the lab to the authorised report, against the target for the
 * order's priority. Open work is measured up to now.
 */
public record Turnaround(Duration elapsed, Duration target, boolean reported, boolean withinTarget) {

    public static Turnaround of(Instant receivedAt, Instant reportedAt, int targetMinutes, Instant now) {
        Duration target = Duration.ofMinutes(targetMinutes);
        if (receivedAt == null) {
            return new Turnaround(Duration.ZERO, target, false, true);
        }
        Instant end = reportedAt != null ? reportedAt : now;
        Duration elapsed = Duration.between(receivedAt, end);
        return new Turnaround(elapsed, target, reportedAt != null, elapsed.compareTo(target) <= 0);
    }
}
