package org.pathguard.ui;

import org.pathguard.lab.LabTime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Dates as the lab reads them, in UK time whatever the server's zone and locale. */
final class LondonTime {

    private static final ZoneId LONDON = LabTime.ZONE;
    private static final DateTimeFormatter DAY = formatter(false, false);
    private static final DateTimeFormatter DAY_TIME = formatter(false, true);
    private static final DateTimeFormatter DATE = formatter(true, false);
    private static final DateTimeFormatter DATE_TIME = formatter(true, true);

    private LondonTime() {
    }

    static String day(Instant at) {
        return DAY.format(at);
    }

    static String dayTime(Instant at) {
        return DAY_TIME.format(at);
    }

    static String date(Instant at) {
        return DATE.format(at);
    }

    static String date(LocalDate date) {
        return DATE.format(date);
    }

    static String dateTime(Instant at) {
        return DATE_TIME.format(at);
    }

    static boolean sameDay(Instant a, Instant b) {
        return a.atZone(LONDON).toLocalDate().equals(b.atZone(LONDON).toLocalDate());
    }

    /** Month names are fixed: locale data varies between JDKs (en-GB abbreviates September "Sept"). */
    private static DateTimeFormatter formatter(boolean withYear, boolean withTime) {
        String[] names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        Map<Long, String> months = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            months.put(i + 1L, names[i]);
        }
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder()
                .appendValue(ChronoField.DAY_OF_MONTH)
                .appendLiteral(' ')
                .appendText(ChronoField.MONTH_OF_YEAR, months);
        if (withYear) {
            builder.appendLiteral(' ').appendValue(ChronoField.YEAR);
        }
        if (withTime) {
            builder.appendPattern(" HH:mm");
        }
        return builder.toFormatter(Locale.ROOT).withZone(LONDON);
    }
}
