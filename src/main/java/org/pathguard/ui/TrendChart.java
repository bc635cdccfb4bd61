package org.pathguard.ui;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static org.pathguard.ui.Svg.escape;
import static org.pathguard.ui.Svg.number;

/**
 * One patient's results for one analyte over time, drawn against the reference range, as SVG to
 * inline in a page. Results outside the range are red diamonds rather than blue circles, so the
 * difference does not rest on colour.
 */
public final class TrendChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    static final double PLOT_LEFT = 56;
    static final double PLOT_RIGHT = 624;
    static final double PLOT_TOP = 28;
    static final double PLOT_BOTTOM = 196;
    // Keeps the first and last markers clear of the axes.
    static final double INSET = 12;
    static final String BAND_FILL = "#cce5d8";

    public record Point(Instant at, BigDecimal value, boolean outsideRange) {
        public Point {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(value, "value");
        }
    }

    private TrendChart() {
    }

    /**
     * @param id          prefix for the element ids, unique on the page; anything but letters, digits and hyphens is replaced
     * @param unit        may be null or empty for unitless analytes
     * @param points      oldest first; at least one
     * @param low         lower reference limit, or null
     * @param high        upper reference limit, or null
     */
    public static String svg(String id, String analyteName, String unit, List<Point> points, BigDecimal low, BigDecimal high) {
        Objects.requireNonNull(analyteName, "analyteName");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("A trend chart needs at least one result");
        }
        if (low != null && high != null && low.compareTo(high) > 0) {
            throw new IllegalArgumentException("The reference range's low limit " + low + " is above its high " + high);
        }
        String units = unit == null ? "" : unit;
        String heading = units.isEmpty() ? analyteName : analyteName + " (" + units + ")";
        TimeAxis time = timeAxis(points);
        ValueAxis values = valueAxis(points, low, high);

        StringBuilder svg = Svg.open(id, WIDTH, HEIGHT, heading + " results over time", describe(points, units, low, high));
        svg.append("<text x=\"8\" y=\"16\" font-size=\"14\" font-weight=\"bold\" class=\"chart-heading\">")
                .append(escape(heading)).append("</text>");
        band(svg, values, low, high);
        valueTicks(svg, values);
        bandLabel(svg, values, low, high);
        time.drawTicks(svg, PLOT_LEFT + INSET, PLOT_RIGHT - INSET, PLOT_BOTTOM, PLOT_BOTTOM + 18);
        axes(svg);
        line(svg, points, time, values);
        markers(svg, points, units, time, values);
        if (points.stream().anyMatch(Point::outsideRange)) {
            legend(svg);
        }
        return Svg.close(svg);
    }

    private static TimeAxis timeAxis(List<Point> points) {
        Instant first = points.stream().map(Point::at).min(Instant::compareTo).orElseThrow();
        Instant last = points.stream().map(Point::at).max(Instant::compareTo).orElseThrow();
        return new TimeAxis(first, last);
    }

    /** The axis covers the reference limits as well as the results, so the band is always in view. */
    private static ValueAxis valueAxis(List<Point> points, BigDecimal low, BigDecimal high) {
        double lowest = points.stream().mapToDouble(p -> p.value().doubleValue()).min().orElseThrow();
        double highest = points.stream().mapToDouble(p -> p.value().doubleValue()).max().orElseThrow();
        for (BigDecimal limit : new BigDecimal[] {low, high}) {
            if (limit != null) {
                lowest = Math.min(lowest, limit.doubleValue());
                highest = Math.max(highest, limit.doubleValue());
            }
        }
        return ValueAxis.covering(lowest, highest);
    }

    private static double x(TimeAxis time, Instant at) {
        return time.position(at, PLOT_LEFT + INSET, PLOT_RIGHT - INSET);
    }

    private static double y(ValueAxis values, BigDecimal value) {
        return values.position(value.doubleValue(), PLOT_BOTTOM, PLOT_TOP);
    }

    /** A one-sided range is shaded to the edge of the chart on its open side. */
    private static void band(StringBuilder svg, ValueAxis values, BigDecimal low, BigDecimal high) {
        if (low == null && high == null) {
            return;
        }
        double bottom = low == null ? PLOT_BOTTOM : y(values, low);
        double top = high == null ? PLOT_TOP : y(values, high);
        svg.append("<rect class=\"reference-band\" x=\"").append(number(PLOT_LEFT)).append("\" y=\"").append(number(top))
                .append("\" width=\"").append(number(PLOT_RIGHT - PLOT_LEFT)).append("\" height=\"").append(number(bottom - top))
                .append("\" fill=\"").append(BAND_FILL).append("\"/>");
        // The limits are drawn as lines too: the pale fill alone is too faint to rely on.
        for (BigDecimal limit : new BigDecimal[] {low, high}) {
            if (limit != null) {
                horizontalLine(svg, "reference-limit", y(values, limit), Svg.GREEN, "1.5");
            }
        }
    }

    /** Drawn over the gridlines, with a halo of the band's colour so no gridline runs through the words. */
    private static void bandLabel(StringBuilder svg, ValueAxis values, BigDecimal low, BigDecimal high) {
        if (low == null && high == null) {
            return;
        }
        double top = high == null ? PLOT_TOP : y(values, high);
        double labelY = Math.clamp(top + 14, PLOT_TOP + 14, PLOT_BOTTOM - 4);
        svg.append("<text class=\"reference-label\" x=\"").append(number(PLOT_LEFT + 6)).append("\" y=\"").append(number(labelY))
                .append("\" stroke=\"").append(BAND_FILL).append("\" stroke-width=\"4\" paint-order=\"stroke\">Reference ")
                .append(escape(range(low, high))).append("</text>");
    }

    private static void valueTicks(StringBuilder svg, ValueAxis values) {
        for (BigDecimal tick : values.ticks()) {
            double y = y(values, tick);
            horizontalLine(svg, "gridline", y, Svg.GRIDLINE, "1");
            svg.append("<text class=\"tick-y\" x=\"").append(number(PLOT_LEFT - 6)).append("\" y=\"").append(number(y + 4))
                    .append("\" text-anchor=\"end\">").append(tick.toPlainString()).append("</text>");
        }
    }

    private static void axes(StringBuilder svg) {
        svg.append("<line class=\"axis\" x1=\"").append(number(PLOT_LEFT)).append("\" y1=\"").append(number(PLOT_TOP))
                .append("\" x2=\"").append(number(PLOT_LEFT)).append("\" y2=\"").append(number(PLOT_BOTTOM))
                .append("\" stroke=\"").append(Svg.GREY).append("\"/>");
        horizontalLine(svg, "axis", PLOT_BOTTOM, Svg.GREY, "1");
    }

    private static void line(StringBuilder svg, List<Point> points, TimeAxis time, ValueAxis values) {
        if (points.size() < 2) {
            return;
        }
        StringBuilder coordinates = new StringBuilder();
        for (Point point : points) {
            if (!coordinates.isEmpty()) {
                coordinates.append(' ');
            }
            coordinates.append(number(x(time, point.at()))).append(',').append(number(y(values, point.value())));
        }
        svg.append("<polyline class=\"trend\" points=\"").append(coordinates).append("\" fill=\"none\" stroke=\"")
                .append(Svg.BLUE).append("\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
    }

    private static void markers(StringBuilder svg, List<Point> points, String units, TimeAxis time, ValueAxis values) {
        for (Point point : points) {
            double x = x(time, point.at());
            double y = y(values, point.value());
            String tooltip = LondonTime.dateTime(point.at()) + ": " + withUnits(point.value(), units)
                    + (point.outsideRange() ? ", outside the reference range" : "");
            if (point.outsideRange()) {
                svg.append("<polygon class=\"marker outside\" points=\"").append(diamond(x, y)).append("\" fill=\"").append(Svg.RED)
                        .append("\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>").append(escape(tooltip)).append("</title></polygon>");
            } else {
                svg.append("<circle class=\"marker\" cx=\"").append(number(x)).append("\" cy=\"").append(number(y))
                        .append("\" r=\"4.5\" fill=\"").append(Svg.BLUE)
                        .append("\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>").append(escape(tooltip)).append("</title></circle>");
            }
        }
    }

    private static String diamond(double x, double y) {
        double r = 7;
        return number(x) + "," + number(y - r) + " " + number(x + r) + "," + number(y) + " "
                + number(x) + "," + number(y + r) + " " + number(x - r) + "," + number(y);
    }

    private static void legend(StringBuilder svg) {
        svg.append("<polygon class=\"legend-outside\" points=\"").append(diamond(PLOT_LEFT + 7, HEIGHT - 12))
                .append("\" fill=\"").append(Svg.RED).append("\"/>");
        svg.append("<text x=\"").append(number(PLOT_LEFT + 20)).append("\" y=\"").append(number(HEIGHT - 8))
                .append("\">Outside the reference range</text>");
    }

    private static void horizontalLine(StringBuilder svg, String cssClass, double y, String colour, String width) {
        svg.append("<line class=\"").append(cssClass).append("\" x1=\"").append(number(PLOT_LEFT)).append("\" y1=\"").append(number(y))
                .append("\" x2=\"").append(number(PLOT_RIGHT)).append("\" y2=\"").append(number(y))
                .append("\" stroke=\"").append(colour).append("\" stroke-width=\"").append(width).append("\"/>");
    }

    /** In words, for screen readers: the span of the results, the latest one, and how many fell outside. */
    private static String describe(List<Point> points, String units, BigDecimal low, BigDecimal high) {
        Instant first = points.getFirst().at();
        Point latest = points.getLast();
        int count = points.size();
        StringBuilder description = new StringBuilder();
        description.append(count).append(count == 1 ? " result" : " results");
        if (LondonTime.sameDay(first, latest.at())) {
            description.append(" on ").append(LondonTime.date(first));
        } else {
            description.append(" from ").append(LondonTime.date(first)).append(" to ").append(LondonTime.date(latest.at()));
        }
        description.append("; latest ").append(withUnits(latest.value(), units)).append(", ").append(standing(latest, low, high));
        long outside = points.stream().filter(Point::outsideRange).count();
        if (count > 1 && outside > 0) {
            description.append("; ").append(outside).append(" of ").append(count).append(" outside the reference range");
        }
        return description.toString();
    }

    private static String standing(Point point, BigDecimal low, BigDecimal high) {
        if (low == null && high == null) {
            return point.outsideRange() ? "flagged abnormal; no reference range given" : "no reference range given";
        }
        String range = " the reference range " + range(low, high);
        if (high != null && point.value().compareTo(high) > 0) {
            return "above" + range;
        }
        if (low != null && point.value().compareTo(low) < 0) {
            return "below" + range;
        }
        // The caller's flag wins: the lab may judge a result against a range other than the one drawn.
        return (point.outsideRange() ? "flagged outside" : "within") + range;
    }

    private static String range(BigDecimal low, BigDecimal high) {
        if (low == null) {
            return "≤ " + high.toPlainString();
        }
        if (high == null) {
            return "≥ " + low.toPlainString();
        }
        return low.toPlainString() + "–" + high.toPlainString();
    }

    private static String withUnits(BigDecimal value, String units) {
        return units.isEmpty() ? value.toPlainString() : value.toPlainString() + " " + units;
    }
}
