package org.pathguard.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.pathguard.ui.Svg.escape;
import static org.pathguard.ui.Svg.number;

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

    /**
     * Tick marks down from the axis at {@code axisY} and their labels on {@code labelY}, between {@code left} and
     * {@code right} (where the first and last results sit).
     */
    void drawTicks(StringBuilder svg, double left, double right, double axisY, double labelY) {
        List<Tick> ticks = ticks();
        for (int i = 0; i < ticks.size(); i++) {
            double x = position(ticks.get(i).at(), left, right);
            // The outer labels are aligned inwards so they stay inside the chart.
            String anchor = ticks.size() == 1 ? "middle" : i == 0 ? "start" : i == ticks.size() - 1 ? "end" : "middle";
            svg.append("<line class=\"tick-mark\" x1=\"").append(number(x)).append("\" y1=\"").append(number(axisY))
                    .append("\" x2=\"").append(number(x)).append("\" y2=\"").append(number(axisY + 5))
                    .append("\" stroke=\"").append(Svg.GREY).append("\"/>");
            svg.append("<text class=\"tick-x\" x=\"").append(number(x)).append("\" y=\"").append(number(labelY))
                    .append("\" text-anchor=\"").append(anchor).append("\">").append(escape(ticks.get(i).label())).append("</text>");
        }
    }

    private Tick tick(Instant at) {
        boolean shortSpan = Duration.between(first, last).compareTo(SHORT_SPAN) < 0;
        return new Tick(at, shortSpan ? LondonTime.dayTime(at) : LondonTime.day(at));
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
