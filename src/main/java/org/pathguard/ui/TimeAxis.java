package org.pathguard.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A time axis from the first result to the last, proportional to time. Up to five evenly spaced
 * ticks, labelled by day, or by day and time when the results span less than two days.
 */
record TimeAxis(Instant first, Instant last) {

    private static final int MAX_TICKS = 5;
    private static final Duration SHORT_SPAN = Duration.ofDays(2);

    record Tick(Instant at, String label) {
    }

    /** Where a time falls between left and right; a single moment sits in the middle. */
    double position(Instant at, double left, double right) {
        if (first.equals(last)) {
            return (left + right) / 2;
        }
        return left + seconds(Duration.between(first, at)) / seconds(Duration.between(first, last)) * (right - left);
    }

    List<Tick> ticks() {
        if (first.equals(last)) {
            return List.of(tick(first));
        }
        Duration span = Duration.between(first, last);
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < MAX_TICKS; i++) {
            Instant at = first.plus(span.multipliedBy(i).dividedBy(MAX_TICKS - 1));
            Tick tick = tick(at);
            // Over a few days, evenly spaced ticks can fall on the same day: label each day once.
            if (ticks.isEmpty() || !ticks.getLast().label().equals(tick.label())) {
                ticks.add(tick);
            }
        }
        return List.copyOf(ticks);
    }

    private Tick tick(Instant at) {
        boolean shortSpan = Duration.between(first, last).compareTo(SHORT_SPAN) < 0;
        return new Tick(at, shortSpan ? LondonTime.dayTime(at) : LondonTime.day(at));
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
