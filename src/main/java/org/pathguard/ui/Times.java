package org.pathguard.ui;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/** Times as a UK lab reads them (the screens call it as {@code @times}): London time, and how long ago. */
@Component("times")
class Times {

    public String at(Instant instant) {
        return instant == null ? "" : LondonTime.dayTime(instant);
    }

    /** With the year, for what may be read years later (a record's corrections). */
    public String dateTime(Instant instant) {
        return instant == null ? "" : LondonTime.dateTime(instant);
    }

    public String day(LocalDate date) {
        return date == null ? "" : LondonTime.date(date);
    }

    /** "45 min", "3 h 05 min", "2 d 4 h". */
    public String ago(Instant instant) {
        return instant == null ? "" : duration(Duration.between(instant, Instant.now()).toMinutes());
    }

    public String between(Instant from, Instant to) {
        return from == null || to == null ? "" : duration(Duration.between(from, to).toMinutes());
    }

    public String duration(long minutes) {
        if (minutes < 60) {
            return Math.max(minutes, 0) + " min";
        }
        if (minutes < 48 * 60) {
            return "%d h %02d min".formatted(minutes / 60, minutes % 60);
        }
        return "%d d %d h".formatted(minutes / 1440, minutes % 1440 / 60);
    }
}
