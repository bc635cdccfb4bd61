package org.pathguard.sitrep;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One day's performed tests against normal: the mean for the same weekday over the four weeks before the incident
 * (before the period when no incident is in force).
 *
 * @param percentOfNormal null when normal is zero (nothing to compare with)
 */
public record CapacityDay(LocalDate day, int performed, BigDecimal normal, Integer percentOfNormal) {
}
