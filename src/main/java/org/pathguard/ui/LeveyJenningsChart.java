package org.pathguard.ui;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.pathguard.ui.Svg.escape;
import static org.pathguard.ui.Svg.number;

/**
 * The QC results of one analyte on one analyser over time, in SDs from each material's target (a Levey-Jennings
 * chart), as SVG to inline in a page. Each material (level) has its own shape and colour, named in the legend; a
 * result that broke a Westgard rule is ringed and labelled with the rule, a solid red ring where the run was
 * rejected and a dashed dark one where it only warned, so neither difference rests on colour.
 */
public final class LeveyJenningsChart {

    static final int WIDTH = 640;
    static final double PLOT_LEFT = 56;
    static final double PLOT_RIGHT = 624;
    static final double PLOT_TOP = 44;
    static final double PLOT_BOTTOM = 244;
    static final double INSET = 12;
    static final double LEGEND_TOP = PLOT_BOTTOM + 50;
    static final double LEGEND_ROW = 20;
    /** The scale ends here; results further out sit on the edge with an arrow pointing off the chart. */
    static final double SCALE = 4;
    static final String EMPTY = "No QC results yet";
    static final String[] COLOURS = {Svg.BLUE, "#330072", Svg.GREEN, "#7c2855"};
    static final String WARNING = Svg.TEXT;

    private static final ValueAxis SDS = new ValueAxis(-SCALE, SCALE,
            IntStream.rangeClosed(-3, 3).mapToObj(BigDecimal::valueOf).toList());

    /**
     * One control result. The results of one run share its time.
     *
     * @param z        SDs from the material's target mean for this analyte on this analyser
     * @param rules    the Westgard rules this result took part in breaking, as the lab writes them ("2-2s"); may be empty
     * @param rejected whether its run was rejected (rules without rejection are warnings: 1-2s)
     */
    public record Point(Instant measuredAt, String material, double z, List<String> rules, boolean rejected) {
        public Point {
            Objects.requireNonNull(measuredAt, "measuredAt");
            Objects.requireNonNull(material, "material");
            if (!Double.isFinite(z)) {
                throw new IllegalArgumentException("A QC result's distance from its target must be a number of SDs");
            }
            rules = rules == null ? List.of() : List.copyOf(rules);
        }

        boolean offScale() {
            return Math.abs(z) > SCALE;
        }

        boolean ringed() {
            return !rules.isEmpty();
        }
    }

    private LeveyJenningsChart() {
    }

    /**
     * @param id     prefix for the element ids, unique on the page; anything but letters, digits and hyphens is replaced
     * @param title  what is charted, such as "Potassium on Chemistry analyser 1"
     * @param points any order; may be empty
     */
    public static String svg(String id, String title, List<Point> points) {
        Objects.requireNonNull(title, "title");
        String heading = title + " QC (Levey-Jennings)";
        if (points.isEmpty()) {
            StringBuilder svg = Svg.open(id, WIDTH, 56, heading, EMPTY);
            heading(svg, heading);
            svg.append("<text class=\"empty\" x=\"8\" y=\"44\">").append(EMPTY).append("</text>");
            return Svg.close(svg);
        }
        List<Point> inTime = points.stream().sorted(Comparator.comparing(Point::measuredAt)).toList();
        Map<String, List<Point>> byMaterial = new TreeMap<>();
        inTime.forEach(p -> byMaterial.computeIfAbsent(p.material(), m -> new ArrayList<>()).add(p));
        List<String> materials = List.copyOf(byMaterial.keySet());
        TimeAxis time = new TimeAxis(inTime.getFirst().measuredAt(), inTime.getLast().measuredAt());
        List<LegendItem> legend = legend(materials, inTime);
        int height = (int) Math.ceil(LEGEND_TOP + rows(legend) * LEGEND_ROW);

        Map<Instant, List<Point>> runs = runs(inTime);
        StringBuilder svg = Svg.open(id, WIDTH, height, heading, describe(runs, materials));
        heading(svg, heading);
        sdLines(svg);
        time.drawTicks(svg, PLOT_LEFT + INSET, PLOT_RIGHT - INSET, PLOT_BOTTOM, PLOT_BOTTOM + 30);
        svg.append("<line class=\"axis\" x1=\"").append(number(PLOT_LEFT)).append("\" y1=\"").append(number(PLOT_TOP))
                .append("\" x2=\"").append(number(PLOT_LEFT)).append("\" y2=\"").append(number(PLOT_BOTTOM))
                .append("\" stroke=\"").append(Svg.GREY).append("\"/>");
        byMaterial.forEach((material, series) -> line(svg, series, materials.indexOf(material), time));
        byMaterial.forEach((material, series) -> series.forEach(p -> point(svg, p, materials.indexOf(material), time)));
        ruleLabels(svg, runs, time);
        drawLegend(svg, legend);
        return Svg.close(svg);
    }

    private static double y(double z) {
        return SDS.position(Math.clamp(z, -SCALE, SCALE), PLOT_BOTTOM, PLOT_TOP);
    }

    private static double x(TimeAxis time, Instant at) {
        return time.position(at, PLOT_LEFT + INSET, PLOT_RIGHT - INSET);
    }

    private static void heading(StringBuilder svg, String heading) {
        svg.append("<text class=\"chart-heading\" x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(heading)).append("</text>");
    }

    /** The mean, and 1, 2 and 3 SD either side: 2 SD dashed (the warning limit), 3 SD red and dashed (rejection). */
    private static void sdLines(StringBuilder svg) {
        for (BigDecimal tick : SDS.ticks().reversed()) {
            int sd = tick.intValue();
            double y = y(sd);
            String colour = switch (Math.abs(sd)) {
                case 0, 2 -> Svg.GREY;
                case 3 -> Svg.RED;
                default -> Svg.GRIDLINE;
            };
            svg.append("<line class=\"sd-line\" data-sd=\"").append(sd).append("\" x1=\"").append(number(PLOT_LEFT))
                    .append("\" y1=\"").append(number(y)).append("\" x2=\"").append(number(PLOT_RIGHT)).append("\" y2=\"")
                    .append(number(y)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(sd == 0 ? "1.5" : "1").append('"').append(Math.abs(sd) >= 2 ? " stroke-dasharray=\"6 4\"" : "")
                    .append("/>");
            svg.append("<text class=\"sd-label\" data-sd=\"").append(sd).append("\" x=\"").append(number(PLOT_LEFT - 6))
                    .append("\" y=\"").append(number(y + 4)).append("\" text-anchor=\"end\">").append(sdLabel(sd)).append("</text>");
        }
    }

    private static String sdLabel(int sd) {
        return sd == 0 ? "Mean" : (sd > 0 ? "+" : "") + sd + " SD";
    }

    /** Each material's results joined in time order, dashed differently per material as well as coloured. */
    private static void line(StringBuilder svg, List<Point> series, int index, TimeAxis time) {
        if (series.size() < 2) {
            return;
        }
        StringBuilder coordinates = new StringBuilder();
        for (Point p : series) {
            coordinates.append(coordinates.isEmpty() ? "" : " ").append(number(x(time, p.measuredAt()))).append(',').append(number(y(p.z())));
        }
        svg.append("<polyline class=\"series material-").append(index).append("\" points=\"").append(coordinates)
                .append("\" fill=\"none\" stroke=\"").append(colour(index)).append("\" stroke-width=\"1.5\"")
                .append(index % 2 == 1 ? " stroke-dasharray=\"5 3\"" : "").append(" stroke-linejoin=\"round\"/>");
    }

    /** The marker, and for a result that broke a rule its ring and the rules' labels; one tooltip for all of them. */
    private static void point(StringBuilder svg, Point p, int index, TimeAxis time) {
        double x = x(time, p.measuredAt());
        double y = y(p.z());
        String standing = p.ringed() ? (p.rejected() ? " rejected" : " warning") : p.rejected() ? " rejected" : "";
        svg.append("<g class=\"qc-point").append(standing).append(p.offScale() ? " off-scale" : "").append("\"><title>")
                .append(escape(tooltip(p))).append("</title>");
        shape(svg, "marker material-" + index, index, x, y, colour(index));
        if (p.offScale()) {
            double tip = p.z() > 0 ? PLOT_TOP - 16 : PLOT_BOTTOM + 16;
            double base = p.z() > 0 ? PLOT_TOP - 8 : PLOT_BOTTOM + 8;
            svg.append("<polygon class=\"off-scale-arrow\" points=\"").append(number(x)).append(',').append(number(tip)).append(' ')
                    .append(number(x + 5)).append(',').append(number(base)).append(' ').append(number(x - 5)).append(',')
                    .append(number(base)).append("\" fill=\"").append(Svg.TEXT).append("\"/>");
        }
        if (p.ringed()) {
            ring(svg, "violation-ring" + standing, x, y, p.rejected());
        }
        svg.append("</g>");
    }

    /**
     * One label per run with the rules it broke, above its highest ringed result (below it when that would leave the
     * plot): the rules belong to the run, and one label per result would print over each other.
     */
    private static void ruleLabels(StringBuilder svg, Map<Instant, List<Point>> runs, TimeAxis time) {
        runs.forEach((at, run) -> {
            List<Point> ringed = run.stream().filter(Point::ringed).toList();
            if (ringed.isEmpty()) {
                return;
            }
            Set<String> rules = new LinkedHashSet<>();
            ringed.forEach(p -> rules.addAll(p.rules()));
            boolean rejected = rejected(run);
            double top = ringed.stream().mapToDouble(p -> y(p.z())).min().orElseThrow();
            double labelY = top - 14 < PLOT_TOP ? top + 22 : top - 14;
            double x = x(time, at);
            // Near either end the label runs inwards, so it is not cut off at the edge of the chart.
            String anchor = x > PLOT_RIGHT - 48 ? "end" : x < PLOT_LEFT + 48 ? "start" : "middle";
            svg.append("<text class=\"rule-label").append(rejected ? " rejected" : " warning").append("\" x=\"")
                    .append(number(x)).append("\" y=\"").append(number(labelY))
                    .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"11\" font-weight=\"bold\" fill=\"")
                    .append(rejected ? Svg.RED : WARNING).append("\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">")
                    .append(escape(String.join(", ", rules))).append("</text>");
        });
    }

    private static void ring(StringBuilder svg, String cssClass, double x, double y, boolean rejected) {
        svg.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(number(x)).append("\" cy=\"").append(number(y))
                .append("\" r=\"9\" fill=\"none\" stroke=\"").append(rejected ? Svg.RED : WARNING).append('"')
                .append(rejected ? " stroke-width=\"2.5\"" : " stroke-width=\"1.5\" stroke-dasharray=\"3 2\"").append("/>");
    }

    /** Circle, square, triangle, diamond: each centred on (x, y), so the centre of its corners is the result. */
    private static void shape(StringBuilder svg, String cssClass, int index, double x, double y, String colour) {
        String end = "\" fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"1\"/>";
        double[][] corners = switch (index % COLOURS.length) {
            case 1 -> new double[][] {{-4.5, -4.5}, {4.5, -4.5}, {4.5, 4.5}, {-4.5, 4.5}};
            case 2 -> new double[][] {{0, -6}, {5.2, 3}, {-5.2, 3}};
            case 3 -> new double[][] {{0, -6}, {6, 0}, {0, 6}, {-6, 0}};
            default -> null;
        };
        if (corners == null) {
            svg.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(number(x)).append("\" cy=\"").append(number(y))
                    .append("\" r=\"4.5").append(end);
            return;
        }
        StringBuilder points = new StringBuilder();
        for (double[] corner : corners) {
            points.append(points.isEmpty() ? "" : " ").append(number(x + corner[0])).append(',').append(number(y + corner[1]));
        }
        svg.append("<polygon class=\"").append(cssClass).append("\" points=\"").append(points).append(end);
    }

    private static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    private static String tooltip(Point p) {
        StringBuilder tooltip = new StringBuilder().append(p.material()).append(", ").append(LondonTime.dateTime(p.measuredAt()))
                .append(": ").append(sds(p.z()));
        if (p.offScale()) {
            tooltip.append(" (off the scale)");
        }
        if (p.ringed()) {
            tooltip.append("; ").append(String.join(", ", p.rules()));
        }
        if (p.rejected()) {
            tooltip.append("; run rejected");
        } else if (p.ringed()) {
            tooltip.append("; warning");
        }
        return tooltip.toString();
    }

    private static String sds(double z) {
        return String.format(Locale.ROOT, "%+.2f SD", z);
    }

    // ---- legend ----

    /** What a legend entry draws: a material's shape (its index), a ring, or the off-scale arrow. */
    private enum Key { MATERIAL, REJECTED, WARNING, OFF_SCALE }

    private record LegendItem(String label, Key key, int material, double x, int row) {
    }

    private static List<LegendItem> legend(List<String> materials, List<Point> points) {
        List<LegendItem> entries = new ArrayList<>();
        for (int i = 0; i < materials.size(); i++) {
            entries.add(new LegendItem(materials.get(i), Key.MATERIAL, i, 0, 0));
        }
        if (points.stream().anyMatch(p -> p.ringed() && p.rejected())) {
            entries.add(new LegendItem("Rule broken, run rejected", Key.REJECTED, -1, 0, 0));
        }
        if (points.stream().anyMatch(p -> p.ringed() && !p.rejected())) {
            entries.add(new LegendItem("Rule broken, warning only", Key.WARNING, -1, 0, 0));
        }
        if (points.stream().anyMatch(Point::offScale)) {
            entries.add(new LegendItem("Beyond " + (int) SCALE + " SD, off the scale", Key.OFF_SCALE, -1, 0, 0));
        }
        // Laid out left to right, wrapping when a row is full; the width of the text is estimated generously.
        List<LegendItem> items = new ArrayList<>();
        double x = PLOT_LEFT;
        int row = 0;
        for (LegendItem entry : entries) {
            double width = 20 + entry.label().length() * 7 + 18;
            if (x > PLOT_LEFT && x + width > WIDTH) {
                x = PLOT_LEFT;
                row++;
            }
            items.add(new LegendItem(entry.label(), entry.key(), entry.material(), x, row));
            x += width;
        }
        return items;
    }

    private static int rows(List<LegendItem> legend) {
        return legend.getLast().row() + 1;
    }

    private static void drawLegend(StringBuilder svg, List<LegendItem> legend) {
        for (LegendItem item : legend) {
            double y = LEGEND_TOP + item.row() * LEGEND_ROW - 4;
            switch (item.key()) {
                case MATERIAL -> shape(svg, "legend-material material-" + item.material(), item.material(), item.x() + 7, y,
                        colour(item.material()));
                case OFF_SCALE -> svg.append("<polygon class=\"legend-off-scale\" points=\"").append(number(item.x() + 7)).append(',')
                        .append(number(y - 5)).append(' ').append(number(item.x() + 12)).append(',').append(number(y + 3)).append(' ')
                        .append(number(item.x() + 2)).append(',').append(number(y + 3)).append("\" fill=\"").append(Svg.TEXT).append("\"/>");
                case REJECTED -> ring(svg, "legend-rejected", item.x() + 7, y, true);
                case WARNING -> ring(svg, "legend-warning", item.x() + 7, y, false);
            }
            svg.append("<text class=\"legend-label\" x=\"").append(number(item.x() + 20)).append("\" y=\"").append(number(y + 4))
                    .append("\">").append(escape(item.label())).append("</text>");
        }
    }

    // ---- in words ----

    /** For screen readers: how many runs over what span, the materials, the rules broken, and how the latest run stood. */
    private static String describe(Map<Instant, List<Point>> runs, List<String> materials) {
        List<Point> inTime = runs.values().stream().flatMap(List::stream).toList();
        Instant first = inTime.getFirst().measuredAt();
        Instant last = inTime.getLast().measuredAt();
        StringBuilder description = new StringBuilder().append(count(runs.size(), "QC run"));
        if (LondonTime.sameDay(first, last)) {
            description.append(" on ").append(LondonTime.date(first));
        } else {
            description.append(" from ").append(LondonTime.date(first)).append(" to ").append(LondonTime.date(last));
        }
        description.append(materials.size() == 1 ? "; material " : "; materials ").append(String.join(", ", materials));
        Set<String> rules = new LinkedHashSet<>();
        inTime.forEach(p -> rules.addAll(p.rules()));
        description.append(rules.isEmpty() ? "; no Westgard rule broken" : "; rules broken: " + String.join(", ", rules));
        long rejected = runs.values().stream().filter(LeveyJenningsChart::rejected).count();
        long warned = runs.values().stream().filter(run -> !rejected(run) && run.stream().anyMatch(Point::ringed)).count();
        if (rejected > 0) {
            description.append("; ").append(count(rejected, "run")).append(" rejected");
        }
        if (warned > 0) {
            description.append("; ").append(count(warned, "run")).append(" with a warning");
        }
        long offScale = inTime.stream().filter(Point::offScale).count();
        if (offScale > 0) {
            description.append("; ").append(count(offScale, "result")).append(" beyond ").append((int) SCALE).append(" SD, off the scale");
        }
        List<Point> latest = runs.get(last);
        Set<String> latestRules = new LinkedHashSet<>();
        latest.forEach(p -> latestRules.addAll(p.rules()));
        String standing = rejected(latest) ? "rejected" : latestRules.isEmpty() ? "no rule broken" : "warning";
        description.append("; latest run ").append(LondonTime.dateTime(last)).append(": ").append(standing)
                .append(latestRules.isEmpty() ? "" : " (" + String.join(", ", latestRules) + ")").append('.');
        return description.toString();
    }

    /** The results of each run, oldest run first, each run's materials in the legend's order. */
    private static Map<Instant, List<Point>> runs(List<Point> inTime) {
        Map<Instant, List<Point>> runs = new LinkedHashMap<>();
        inTime.stream().sorted(Comparator.comparing(Point::measuredAt).thenComparing(Point::material))
                .forEach(p -> runs.computeIfAbsent(p.measuredAt(), t -> new ArrayList<>()).add(p));
        return runs;
    }

    private static boolean rejected(List<Point> run) {
        return run.stream().anyMatch(Point::rejected);
    }

    private static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
