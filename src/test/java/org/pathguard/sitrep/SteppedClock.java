package org.pathguard.sitrep;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The lab's clock in a simulation: it stands where the test last put it, so the real services stamp and judge "now"
 * as if the day being simulated were today. It only moves forward, as time does.
 */
final class SteppedClock implements InstantSource {

    private volatile Instant now;

    SteppedClock(Instant start) {
        this.now = start;
    }

    /** Moves to {@code to}; a step back in time stays where it is (two things due at once happen in turn). */
    synchronized void moveTo(Instant to) {
        if (to.isAfter(now)) {
            now = to;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }
}
