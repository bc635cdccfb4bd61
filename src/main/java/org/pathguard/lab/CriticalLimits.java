package org.pathguard.lab;

import java.math.BigDecimal;

/** Values strictly beyond these must be phoned to the requester. Either side may be absent. */
public record CriticalLimits(BigDecimal low, BigDecimal high) {

    public boolean isCriticallyLow(BigDecimal value) {
        return low != null && value.compareTo(low) < 0;
    }

    public boolean isCriticallyHigh(BigDecimal value) {
        return high != null && value.compareTo(high) > 0;
    }
}
