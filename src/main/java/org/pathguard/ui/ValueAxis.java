package org.pathguard.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric axis covering the given values with about 10% to spare, and three to five ticks at
 * round steps (1, 2 or 5 times a power of ten). Ticks are exact decimals so their labels never
 * show binary rounding.
 */
record ValueAxis(double min, double max, List<BigDecimal> ticks) {

    private static final double PADDING = 0.1;
    private static final int MIN_TICKS = 3;
    private static final int MAX_TICKS = 5;
    private static final int[] STEP_MULTIPLIERS = {1, 2, 5};

    static ValueAxis covering(double lowest, double highest) {
        double span = highest - lowest;
        // A lone value (or all equal ones) still needs some height to sit in.
        if (span == 0) {
            span = lowest == 0 ? 1 : Math.abs(lowest);
        }
        double min = lowest - span * PADDING;
        double max = highest + span * PADDING;
        BigDecimal step = step(min, max);
        double s = step.doubleValue();
        if (tickCount(min, max, s) < MIN_TICKS) {
            // Widening to the ticks either side always gives three: the step is at most half the span.
            min = Math.floor(min / s) * s;
            max = Math.ceil(max / s) * s;
        }
        return new ValueAxis(min, max, ticks(min, max, step));
    }

    /** Where a value falls between the bottom (min) and top (max) of the axis. */
    double position(double value, double bottom, double top) {
        return bottom - (value - min) / (max - min) * (bottom - top);
    }

    /** The finest round step that gives no more than five ticks. */
    private static BigDecimal step(double min, double max) {
        // A tenth of the span: fine enough to give more than five ticks, so the loop coarsens it.
        int exponent = (int) Math.floor(Math.log10(max - min)) - 1;
        while (true) {
            for (int multiplier : STEP_MULTIPLIERS) {
                BigDecimal step = BigDecimal.valueOf(multiplier).scaleByPowerOfTen(exponent);
                if (tickCount(min, max, step.doubleValue()) <= MAX_TICKS) {
                    return step;
                }
            }
            exponent++;
        }
    }

    private static long tickCount(double min, double max, double step) {
        return lastIndex(max, step) - firstIndex(min, step) + 1;
    }

    // The tolerance keeps a tick that binary arithmetic puts a hair outside the axis, such as 0.7 at 0.7000000000000001.
    private static long firstIndex(double min, double step) {
        return (long) Math.ceil(min / step - 1e-9);
    }

    private static long lastIndex(double max, double step) {
        return (long) Math.floor(max / step + 1e-9);
    }

    private static List<BigDecimal> ticks(double min, double max, BigDecimal step) {
        double s = step.doubleValue();
        int decimals = Math.max(0, step.stripTrailingZeros().scale());
        List<BigDecimal> ticks = new ArrayList<>();
        for (long k = firstIndex(min, s); k <= lastIndex(max, s); k++) {
            ticks.add(step.multiply(BigDecimal.valueOf(k)).setScale(decimals, RoundingMode.UNNECESSARY));
        }
        return List.copyOf(ticks);
    }
}
