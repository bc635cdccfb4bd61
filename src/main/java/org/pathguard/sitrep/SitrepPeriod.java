package org.pathguard.sitrep;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;

/** A daily sitrep covers one day; a weekly one the seven days from {@code firstDay}. */
public record SitrepPeriod(Length length, LocalDate firstDay) {

    public enum Length {
        DAY(1), WEEK(7);

        private final int days;

        Length(int days) {
            this.days = days;
        }

        public int days() {
            return days;
        }
    }

    /** The period as asked for ("day" or "week", and "2026-12-07"); anything else is refused in words. */
    public static SitrepPeriod parse(String length, String firstDay) {
        Length l = switch (length == null ? "" : length.strip().toLowerCase(Locale.ROOT)) {
            case "day" -> Length.DAY;
            case "week" -> Length.WEEK;
            default -> throw new LabRuleViolation("invalid-period", "The period is 'day' or 'week'");
        };
        if (firstDay == null || firstDay.isBlank()) {
            throw new LabRuleViolation("missing-from", "Say the period's first day, as 2026-12-07");
        }
        try {
            return new SitrepPeriod(l, LocalDate.parse(firstDay.strip()));
        } catch (DateTimeParseException e) {
            throw new LabRuleViolation("invalid-from", "The first day must be a date written as 2026-12-07");
        }
    }

    /** Refuses a period whose first day has not begun in UK time: there is nothing yet to count. */
    public void requireBegun(Instant now) {
        if (start().isAfter(now)) {
            throw new LabRuleViolation("period-not-begun", "The period from " + firstDay + " has not begun; a sitrep counts what has happened");
        }
    }

    public LocalDate lastDay() {
        return firstDay.plusDays(length.days() - 1L);
    }

    public List<LocalDate> days() {
        return firstDay.datesUntil(lastDay().plusDays(1)).toList();
    }

    /** Midnight at the start of the first day, UK time. */
    public Instant start() {
        return firstDay.atStartOfDay(LabTime.ZONE).toInstant();
    }

    /** Midnight at the end of the last day, UK time (the period runs up to, not including, it). */
    public Instant end() {
        return lastDay().plusDays(1).atStartOfDay(LabTime.ZONE).toInstant();
    }

    /** The moments the backlog is counted at: each day's end for a week, every six hours for a day; none after {@code asOf}. */
    public List<Instant> backlogPoints(Instant asOf) {
        List<Instant> points = new java.util.ArrayList<>();
        for (LocalDate day : days()) {
            if (length == Length.DAY) {
                for (int hour = 6; hour < 24; hour += 6) {
                    points.add(day.atTime(hour, 0).atZone(LabTime.ZONE).toInstant());
                }
            }
            points.add(day.plusDays(1).atStartOfDay(LabTime.ZONE).toInstant());
        }
        return points.stream().filter(p -> !p.isAfter(asOf)).toList();
    }
}
