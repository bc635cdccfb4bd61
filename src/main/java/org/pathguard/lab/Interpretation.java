package org.pathguard.lab;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;

/** A numeric value judged against the patient's reference range and the critical limits. */
public record Interpretation(ReferenceRange range, Flag flag, boolean critical) {

    public static Interpretation of(Analyte analyte, BigDecimal value, Sex sex, int ageYears) {
        ReferenceRange range = analyte.rangeFor(sex, ageYears).orElse(null);
        CriticalLimits limits = analyte.critical();
        boolean criticallyLow = limits != null && limits.isCriticallyLow(value);
        boolean criticallyHigh = limits != null && limits.isCriticallyHigh(value);
        Flag flag = null;
        if (criticallyLow) {
            flag = Flag.LL;
        } else if (criticallyHigh) {
            flag = Flag.HH;
        } else if (range != null && range.isBelow(value)) {
            flag = Flag.L;
        } else if (range != null && range.isAbove(value)) {
            flag = Flag.H;
        }
        return new Interpretation(range, flag, criticallyLow || criticallyHigh);
    }

    /** Age in completed years on the given day, as reference ranges are banded. */
    public static int ageInYears(LocalDate dateOfBirth, LocalDate on) {
        return Math.max(0, Period.between(dateOfBirth, on).getYears());
    }
}
