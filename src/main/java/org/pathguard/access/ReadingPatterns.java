package org.pathguard.access;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * Patterns of reading that look like scraping rather than care, flagged for the privacy officer
 * without stopping the reader (the budget stops them): walking consecutive identifiers, bulk
 * reading out of hours, and a sudden jump above the principal's usual daily volume.
 */
public record ReadingPatterns(int walkLength, int walkLargestStep, int outOfHoursPatientsPerHour,
                              LocalTime dayStarts, LocalTime dayEnds, int jumpFactor, int jumpFloor) {

    public static final ReadingPatterns DEFAULTS = new ReadingPatterns(5, 10, 20, LocalTime.of(7, 0), LocalTime.of(20, 0), 3, 30);

    public record Anomaly(String kind, String detail) {
    }

    /** {@code recentIdentifiers}: the numeric part of identifiers the principal looked up, oldest first. */
    public Optional<Anomaly> walking(List<Long> recentIdentifiers) {
        if (recentIdentifiers.size() < walkLength) {
            return Optional.empty();
        }
        List<Long> last = recentIdentifiers.subList(recentIdentifiers.size() - walkLength, recentIdentifiers.size());
        long direction = Long.signum(last.get(1) - last.get(0));
        for (int i = 1; i < last.size(); i++) {
            long step = last.get(i) - last.get(i - 1);
            if (step == 0 || Long.signum(step) != direction || Math.abs(step) > walkLargestStep) {
                return Optional.empty();
            }
        }
        return Optional.of(new Anomaly("CONSECUTIVE_IDENTIFIERS",
                walkLength + " lookups in a row of identifiers each within " + walkLargestStep + " of the last"));
    }

    public boolean outOfHours(LocalTime localTime) {
        return localTime.isBefore(dayStarts) || !localTime.isBefore(dayEnds);
    }

    public Optional<Anomaly> outOfHours(LocalTime localTime, int patientsInLastHour) {
        if (outOfHours(localTime) && patientsInLastHour > outOfHoursPatientsPerHour) {
            return Optional.of(new Anomaly("OUT_OF_HOURS_BULK", patientsInLastHour + " patients read in the last hour, out of hours"));
        }
        return Optional.empty();
    }

    /** {@code usualPerDay}: the principal's average distinct patients per day over recent weeks. */
    public Optional<Anomaly> suddenJump(int patientsToday, double usualPerDay) {
        if (patientsToday > jumpFloor && patientsToday > jumpFactor * usualPerDay) {
            return Optional.of(new Anomaly("SUDDEN_JUMP", patientsToday + " patients read today against a usual "
                    + String.format("%.1f", usualPerDay) + " a day"));
        }
        return Optional.empty();
    }
}
