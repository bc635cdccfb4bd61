package org.pathguard.lab;

import java.math.BigDecimal;
import java.math.MathContext;

/** Largest plausible change from a patient's previous result, absolute (in the unit) or percent. */
public record DeltaLimit(Kind kind, BigDecimal limit) {

    public enum Kind { ABSOLUTE, PERCENT }

    public boolean isExceeded(BigDecimal previous, BigDecimal current) {
        BigDecimal change = current.subtract(previous).abs();
        if (kind == Kind.ABSOLUTE) {
            return change.compareTo(limit) > 0;
        }
        if (previous.signum() == 0) {
            return current.signum() != 0;
        }
        BigDecimal percent = change.multiply(BigDecimal.valueOf(100)).divide(previous.abs(), MathContext.DECIMAL64);
        return percent.compareTo(limit) > 0;
    }
}
