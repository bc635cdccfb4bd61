package org.pathguard.sitrep;

import java.time.Duration;
import java.util.List;

/** Nearest-rank percentiles, as the sitrep states them: the value at rank ceil(p/100 x n) of the sorted values. */
final class Percentiles {

    private Percentiles() {
    }

    /** {@code sortedMicros} ascending, in microseconds; null when there are none. */
    static Duration nearestRank(List<Long> sortedMicros, int percent) {
        if (sortedMicros.isEmpty()) {
            return null;
        }
        // Whole-number arithmetic: ceil(p * n / 100) without a floating-point rank one off at exact multiples.
        int rank = (int) ((percent * (long) sortedMicros.size() + 99) / 100);
        return Duration.ofNanos(sortedMicros.get(Math.max(rank, 1) - 1) * 1000);
    }
}
