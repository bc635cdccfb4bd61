package org.pathguard.result;

import org.pathguard.lab.Flag;

import java.math.BigDecimal;
import java.util.List;

/**
 * A result's clinical content: what was measured and how it was judged. Always sealed at rest.
 * For text results {@code numeric}, the range and the flag are null.
 */
public record Measurement(String value, BigDecimal numeric, String unit, BigDecimal rangeLow, BigDecimal rangeHigh,
                          Flag flag, List<String> analyserFlags, BigDecimal previousValue, String comment) {
}
