package org.pathguard.ui;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as a UK lab reads them (the screens call it as {@code @times}): London time, and how long ago. */
@Component("times")
class Times {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK).withZone(LONDON);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);

    public String at(Instant instant) {
        return instant == null ? "" : AT.format(instant);
    }

    public String day(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }

    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
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
