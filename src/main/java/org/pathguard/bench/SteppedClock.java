package org.pathguard.bench;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The lab's clock in a simulation or a benchmark that lays weeks of the past into the log: it stands where it was last
 * put, so the real services (and the event log's stamps) take the day being simulated for today. It only moves
 * forward, as time does. Declared as the {@code @Primary} {@link InstantSource} bean of the lab it drives.
 */
public final class SteppedClock implements InstantSource {

    private volatile Instant now;

    public SteppedClock(Instant start) {
        this.now = start;
    }

    /** Moves to {@code to}; a step back in time stays where it is (two things due at once happen in turn). */
    public synchronized void moveTo(Instant to) {
        if (to.isAfter(now)) {
            now = to;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }
}
