package org.pathguard.sitrep;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One day's performed tests against normal: the mean for the same weekday over the four weeks before the incident
 * (before the period when no incident is in force).
 *
 * @param percentOfNormal null when normal is zero (nothing to compare with)
 */
public record CapacityDay(LocalDate day, int performed, BigDecimal normal, Integer percentOfNormal) {

    /** Performed against normal (the mean of the same weekday in the four weeks before {@code base}), rounded half up. */
    public static CapacityDay of(LocalDate day, int performed, LocalDate base, Map<LocalDate, Integer> performedBefore) {
        int sum = sameWeekdayBefore(base, day).stream().mapToInt(d -> performedBefore.getOrDefault(d, 0)).sum();
        // Exact: normal = sum / 4, so the share is 400 x performed / sum, rounded once.
        BigDecimal normal = BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(4), 2, RoundingMode.UNNECESSARY);
        Integer percent = sum == 0 ? null
                : BigDecimal.valueOf(400L * performed).divide(BigDecimal.valueOf(sum), 0, RoundingMode.HALF_UP).intValueExact();
        return new CapacityDay(day, performed, normal.setScale(1, RoundingMode.HALF_UP), percent);
    }

    /** The same weekday as {@code day} in each of the four weeks before {@code base}, latest first. */
    static List<LocalDate> sameWeekdayBefore(LocalDate base, LocalDate day) {
        LocalDate latest = base.minusDays(Math.floorMod(base.getDayOfWeek().getValue() - day.getDayOfWeek().getValue() - 1, 7) + 1);
        return List.of(latest, latest.minusWeeks(1), latest.minusWeeks(2), latest.minusWeeks(3));
    }
}
