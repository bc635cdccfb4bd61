package org.pathguard.lab;

import java.math.BigDecimal;

/**
 * The values a living patient can have for an analyte, both ends included. A value beyond them is a
 * typing or transmission error (a potassium of 300 meant 3.0), refused rather than reported or phoned.
 */
public record PossibleRange(BigDecimal low, BigDecimal high) {

    public PossibleRange {
        if (low == null || high == null || low.compareTo(high) >= 0) {
            throw new IllegalArgumentException("A possible range needs a low end below its high end");
        }
    }

    public boolean contains(BigDecimal value) {
        return value.compareTo(low) >= 0 && value.compareTo(high) <= 0;
    }
}
