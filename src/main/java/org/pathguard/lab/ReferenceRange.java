package org.pathguard.lab;

import java.math.BigDecimal;

/**
 * Reference interval for one sex (null = any) and age band [fromAgeYears, toAgeYears).
 * Either bound may be open (null).
 */
public record ReferenceRange(Sex sex, int fromAgeYears, Integer toAgeYears, BigDecimal low, BigDecimal high) {

    public boolean appliesTo(Sex patientSex, int ageYears) {
        boolean sexMatches = sex == null || sex == patientSex;
        return sexMatches && ageYears >= fromAgeYears && (toAgeYears == null || ageYears < toAgeYears);
    }

    public boolean isBelow(BigDecimal value) {
        return low != null && value.compareTo(low) < 0;
    }

    public boolean isAbove(BigDecimal value) {
        return high != null && value.compareTo(high) > 0;
    }
}
