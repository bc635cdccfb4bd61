package org.pathguard.access;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * Patterns of reading that look like scraping rather than care, flagged for the privacy officer
 * without stopping the reader (the budget stops them): walking consecutive identifiers, bulk
 * reading out of hours, and a sudden jump above the principal's usual daily volume.
 *
 * <p>A jump means something only against a baseline: a principal with fewer than {@code baselineDays}
 * days of reading has no "usual" yet (a new scientist opening the validation queue reads dozens of
 * patients on their first morning). And the usual volume is never taken as lower than the role's
 * ordinary day ({@code labUsualFloor} for lab staff, whose queues hold hundreds of patients;
 * {@code otherUsualFloor} for everyone else), so a quiet week does not make a normal day look like a jump.
 */
public record ReadingPatterns(int walkLength, int walkLargestStep, int outOfHoursPatientsPerHour,
                              LocalTime dayStarts, LocalTime dayEnds, int jumpFactor, int jumpFloor,
                              int baselineDays, int labUsualFloor, int otherUsualFloor) {

    public static final ReadingPatterns DEFAULTS = new ReadingPatterns(5, 10, 20, LocalTime.of(7, 0), LocalTime.of(20, 0), 3, 30,
            7, 150, 10);

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

    /**
     * {@code usualPerDay}: the principal's average distinct patients per day over recent weeks;
     * {@code daysOfHistory}: whole days since their first read.
     */
    public Optional<Anomaly> suddenJump(Actor.Role role, int patientsToday, double usualPerDay, long daysOfHistory) {
        if (daysOfHistory < baselineDays) {
            return Optional.empty();
        }
        double usual = Math.max(usualPerDay, role.labStaff() ? labUsualFloor : otherUsualFloor);
        if (patientsToday > jumpFloor && patientsToday > jumpFactor * usual) {
            return Optional.of(new Anomaly("SUDDEN_JUMP", patientsToday + " patients read today against a usual "
                    + String.format("%.1f", usualPerDay) + " a day over " + daysOfHistory + " days"));
        }
        return Optional.empty();
    }
}
