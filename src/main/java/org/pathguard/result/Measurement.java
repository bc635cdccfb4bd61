package org.pathguard.result;

import org.pathguard.lab.Flag;
import org.pathguard.lab.Interpretation;

import java.math.BigDecimal;
import java.util.List;

/**
 * A result's clinical content: what was measured and how it was judged. Always sealed at rest.
 * For text results {@code numeric}, the range and the flag are null.
 */
public record Measurement(String value, BigDecimal numeric, String unit, BigDecimal rangeLow, BigDecimal rangeHigh,
                          Flag flag, List<String> analyserFlags, BigDecimal previousValue, String comment) {

    /** A value with its judgement; {@code interpretation} is null for text results. */
    static Measurement of(String value, BigDecimal numeric, String unit, Interpretation interpretation,
                          List<String> analyserFlags, BigDecimal previousValue, String comment) {
        boolean hasRange = interpretation != null && interpretation.range() != null;
        return new Measurement(value, numeric, unit, hasRange ? interpretation.range().low() : null,
                hasRange ? interpretation.range().high() : null, interpretation == null ? null : interpretation.flag(),
                List.copyOf(analyserFlags), previousValue, comment);
    }
}
