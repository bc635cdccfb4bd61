package org.pathguard.sitrep;

import java.time.Duration;
import java.util.List;

/** Nearest-rank percentiles, as the sitrep states them: the value at rank ceil(p/100 x n) of the sorted values. */
final class Percentiles {

    private Percentiles() {
    }

    /** {@code sorted} ascending; null when there are none. */
    static Duration nearestRank(List<Duration> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        // Whole-number arithmetic: ceil(p * n / 100) without a floating-point rank one off at exact multiples.
        int rank = (int) ((percent * (long) sorted.size() + 99) / 100);
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
