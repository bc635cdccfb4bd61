package org.pathguard.interop.hl7;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a sender waits before trying a receiver that did not answer again: exponential from {@code first},
 * capped at {@code longest}, with "equal jitter" (half the delay fixed, half random) so retries do not stampede.
 */
public record Backoff(Duration first, Duration longest) {

    public Duration after(int attempts) {
        long exponential = first.toMillis() << Math.min(attempts - 1, 30);
        long delay = Math.min(longest.toMillis(), exponential);
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }
}
