package org.pathguard.sitrep;

import java.time.LocalDate;
import java.util.List;

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

    public LocalDate lastDay() {
        return firstDay.plusDays(length.days() - 1L);
    }

    public List<LocalDate> days() {
        return firstDay.datesUntil(lastDay().plusDays(1)).toList();
    }
}
