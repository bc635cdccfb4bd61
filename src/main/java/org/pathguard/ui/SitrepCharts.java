package org.pathguard.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.pathguard.lab.LabTime;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.sitrep.BacklogPoint;
import org.pathguard.sitrep.CapacityDay;
import org.pathguard.sitrep.TurnaroundFigure;

import static org.pathguard.ui.Svg.escape;
import static org.pathguard.ui.Svg.number;

/**
 * The sitrep's charts, drawn on the server as SVG like the other charts: capacity as a share of normal per day against
 * the 100% line, the backlog over time, and turnaround per setting against the consensus target and unacceptable limit.
 * Every mark carries its figure in words beside it, and the two backlog lines differ by dash and marker shape, so no
 * reading rests on colour. Each chart describes its data in words for screen readers.
 */
final class SitrepCharts {

    static final int WIDTH = 640;
    static final String NOT_KNOWN = "not known here";
    private static final double LEFT = 56;
    private static final double RIGHT = 624;

    private SitrepCharts() {
    }

    // ---- capacity --------------------------------------------------------------------------------------------------

    private static final double CAPACITY_TOP = 40;
    private static final double CAPACITY_BOTTOM = 210;

    /** A bar per day: performed as a share of normal, the 100% line labelled "normal", the share written on each bar. */
    static String capacity(String id, List<CapacityDay> days) {
        String title = "Capacity as a share of normal";
        if (days.isEmpty()) {
            return empty(id, title, "No days in this period");
        }
        int highest = days.stream().map(CapacityDay::percentOfNormal).filter(Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
        // Room above the normal line, and for a day far above normal.
        int top = Math.max(125, (highest + 24) / 25 * 25);
        StringBuilder svg = Svg.open(id, WIDTH, 250, title, describeCapacity(days));
        heading(svg, title);
        for (int percent = 0; percent <= top; percent += 25) {
            double y = capacityY(percent, top);
            svg.append(horizontal("gridline", y, percent == 0 ? Svg.GREY : Svg.GRIDLINE, "1", null));
            svg.append("<text class=\"tick-y\" x=\"").append(number(LEFT - 6)).append("\" y=\"").append(number(y + 4))
                    .append("\" text-anchor=\"end\">").append(percent).append("%</text>");
        }
        double slot = (RIGHT - LEFT) / days.size();
        double barWidth = Math.min(56, slot * 0.6);
        for (int i = 0; i < days.size(); i++) {
            CapacityDay day = days.get(i);
            double centre = LEFT + slot * (i + 0.5);
            String words = day.percentOfNormal() == null ? "no normal" : day.percentOfNormal() + "%";
            if (day.percentOfNormal() != null) {
                double y = capacityY(Math.min(day.percentOfNormal(), top), top);
                svg.append("<rect class=\"bar\" x=\"").append(number(centre - barWidth / 2)).append("\" y=\"").append(number(y))
                        .append("\" width=\"").append(number(barWidth)).append("\" height=\"").append(number(CAPACITY_BOTTOM - y))
                        .append("\" fill=\"").append(Svg.BLUE).append("\"><title>").append(escape(capacityWords(day)))
                        .append("</title></rect>");
            }
            double labelY = day.percentOfNormal() == null ? CAPACITY_BOTTOM - 6
                    : capacityY(Math.min(day.percentOfNormal(), top), top) - 6;
            svg.append("<text class=\"bar-value\" x=\"").append(number(centre)).append("\" y=\"").append(number(labelY))
                    .append("\" text-anchor=\"middle\" font-weight=\"bold\">").append(escape(words)).append("</text>");
            svg.append("<text class=\"tick-x\" x=\"").append(number(centre)).append("\" y=\"").append(number(CAPACITY_BOTTOM + 18))
                    .append("\" text-anchor=\"middle\">").append(escape(day(day.day()))).append("</text>");
            svg.append("<text class=\"bar-count\" x=\"").append(number(centre)).append("\" y=\"").append(number(CAPACITY_BOTTOM + 32))
                    .append("\" text-anchor=\"middle\">").append(day.performed()).append(" done</text>");
        }
        double normal = capacityY(100, top);
        svg.append(horizontal("normal-line", normal, Svg.TEXT, "2", "6 4"));
        svg.append("<text class=\"normal-label\" x=\"").append(number(RIGHT)).append("\" y=\"").append(number(normal - 5))
                .append("\" text-anchor=\"end\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">normal (100%)</text>");
        return Svg.close(svg);
    }

    private static double capacityY(double percent, int top) {
        return CAPACITY_BOTTOM - percent / top * (CAPACITY_BOTTOM - CAPACITY_TOP);
    }

    private static String capacityWords(CapacityDay day) {
        String normal = day.normal().stripTrailingZeros().toPlainString();
        return day(day.day()) + ": " + day.performed() + " tests performed against a normal of " + normal
                + (day.percentOfNormal() == null ? ", no normal to compare with" : ", " + day.percentOfNormal() + "% of normal");
    }

    private static String describeCapacity(List<CapacityDay> days) {
        return String.join("; ", days.stream().map(SitrepCharts::capacityWords).toList()) + ".";
    }

    // ---- backlog ---------------------------------------------------------------------------------------------------

    private static final double BACKLOG_TOP = 40;
    private static final double BACKLOG_BOTTOM = 200;
    private static final double INSET = 12;

    /**
     * Received but not reported (a solid line with round markers) and deferred (dashed, square markers) at each point;
     * a producer that cannot know the deferred says so in the legend instead of drawing a line at zero.
     */
    static String backlog(String id, List<BacklogPoint> points) {
        String title = "Backlog over time";
        if (points.isEmpty()) {
            return empty(id, title, "No backlog points in this period");
        }
        boolean deferredKnown = points.stream().anyMatch(p -> p.deferred() != null);
        int highest = points.stream().mapToInt(p -> Math.max(p.receivedNotReported(), p.deferred() == null ? 0 : p.deferred())).max().orElse(0);
        ValueAxis values = ValueAxis.covering(0, Math.max(highest, 4));
        TimeAxis time = new TimeAxis(points.getFirst().at(), points.getLast().at());
        StringBuilder svg = Svg.open(id, WIDTH, 260, title, describeBacklog(points, deferredKnown));
        heading(svg, title);
        for (var tick : values.ticks()) {
            if (tick.signum() < 0) {
                continue;
            }
            double y = values.position(tick.doubleValue(), BACKLOG_BOTTOM, BACKLOG_TOP);
            svg.append(horizontal("gridline", y, Svg.GRIDLINE, "1", null));
            svg.append("<text class=\"tick-y\" x=\"").append(number(LEFT - 6)).append("\" y=\"").append(number(y + 4))
                    .append("\" text-anchor=\"end\">").append(tick.toPlainString()).append("</text>");
        }
        time.drawTicks(svg, LEFT + INSET, RIGHT - INSET, BACKLOG_BOTTOM, BACKLOG_BOTTOM + 18);
        svg.append(horizontal("axis", BACKLOG_BOTTOM, Svg.GREY, "1", null));
        series(svg, "received-not-reported", points.stream().map(p -> new Mark(p.at(), p.receivedNotReported())).toList(),
                time, values, Svg.BLUE, null, false, "received, not reported");
        if (deferredKnown) {
            series(svg, "deferred", points.stream().filter(p -> p.deferred() != null).map(p -> new Mark(p.at(), p.deferred())).toList(),
                    time, values, Svg.GREY, "6 4", true, "deferred");
        }
        double legendY = 246;
        svg.append("<line x1=\"").append(number(LEFT)).append("\" y1=\"").append(number(legendY - 4)).append("\" x2=\"")
                .append(number(LEFT + 24)).append("\" y2=\"").append(number(legendY - 4)).append("\" stroke=\"").append(Svg.BLUE)
                .append("\" stroke-width=\"2\"/>");
        svg.append("<text class=\"legend\" x=\"").append(number(LEFT + 30)).append("\" y=\"").append(number(legendY))
                .append("\">Received, not reported (solid, circles)</text>");
        svg.append("<line x1=\"").append(number(LEFT + 290)).append("\" y1=\"").append(number(legendY - 4)).append("\" x2=\"")
                .append(number(LEFT + 314)).append("\" y2=\"").append(number(legendY - 4)).append("\" stroke=\"").append(Svg.GREY)
                .append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        svg.append("<text class=\"legend\" x=\"").append(number(LEFT + 320)).append("\" y=\"").append(number(legendY)).append("\">")
                .append(deferredKnown ? "Deferred (dashed, squares)" : "Deferred: " + NOT_KNOWN).append("</text>");
        return Svg.close(svg);
    }

    private record Mark(Instant at, int value) {
    }

    private static void series(StringBuilder svg, String css, List<Mark> marks, TimeAxis time, ValueAxis values, String colour,
                               String dashes, boolean square, String words) {
        StringBuilder line = new StringBuilder();
        for (Mark m : marks) {
            line.append(line.isEmpty() ? "" : " ").append(number(time.position(m.at(), LEFT + INSET, RIGHT - INSET))).append(',')
                    .append(number(values.position(m.value(), BACKLOG_BOTTOM, BACKLOG_TOP)));
        }
        if (marks.size() > 1) {
            svg.append("<polyline class=\"").append(css).append("\" points=\"").append(line).append("\" fill=\"none\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"2\"").append(dashes == null ? "" : " stroke-dasharray=\"" + dashes + "\"")
                    .append("/>");
        }
        for (Mark m : marks) {
            double x = time.position(m.at(), LEFT + INSET, RIGHT - INSET);
            double y = values.position(m.value(), BACKLOG_BOTTOM, BACKLOG_TOP);
            String tooltip = "<title>" + escape(LondonTime.dayTime(m.at()) + ": " + m.value() + " " + words) + "</title>";
            if (square) {
                svg.append("<rect class=\"marker ").append(css).append("\" x=\"").append(number(x - 4)).append("\" y=\"")
                        .append(number(y - 4)).append("\" width=\"8\" height=\"8\" fill=\"").append(colour).append("\">")
                        .append(tooltip).append("</rect>");
            } else {
                svg.append("<circle class=\"marker ").append(css).append("\" cx=\"").append(number(x)).append("\" cy=\"")
                        .append(number(y)).append("\" r=\"4\" fill=\"").append(colour).append("\">").append(tooltip).append("</circle>");
            }
        }
        Mark last = marks.getLast();
        svg.append("<text class=\"end-label ").append(css).append("\" x=\"").append(number(time.position(last.at(), LEFT + INSET,
                        RIGHT - INSET))).append("\" y=\"").append(number(values.position(last.value(), BACKLOG_BOTTOM, BACKLOG_TOP) - 8))
                .append("\" text-anchor=\"end\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">").append(last.value())
                .append(' ').append(escape(words)).append("</text>");
    }

    private static String describeBacklog(List<BacklogPoint> points, boolean deferredKnown) {
        BacklogPoint first = points.getFirst();
        BacklogPoint last = points.getLast();
        int peak = points.stream().mapToInt(BacklogPoint::receivedNotReported).max().orElse(0);
        return "Tests received but not reported: " + first.receivedNotReported() + " at " + LondonTime.dayTime(first.at()) + ", "
                + last.receivedNotReported() + " at " + LondonTime.dayTime(last.at()) + ", at most " + peak + ". Deferred: "
                + (deferredKnown ? (last.deferred() == null ? NOT_KNOWN : last.deferred()) + " at " + LondonTime.dayTime(last.at())
                : NOT_KNOWN) + ".";
    }

    // ---- turnaround ------------------------------------------------------------------------------------------------

    private static final double ROWS_TOP = 36;
    private static final double ROW_HEIGHT = 92;
    private static final double SCALE_LEFT = 150;
    private static final double SCALE_RIGHT = 420;
    // The percentiles' words stand in a column of their own, clear of the longest bar and the limits' lines.
    private static final double WORDS_LEFT = 432;

    /**
     * A row per setting, each on its own scale (an ED hour and a GP day on one axis would hide the ED): bars for the
     * median, 90th and 95th percentiles, each with its time in words beside the scale, against the target (dashed) and unacceptable
     * (solid) marks, labelled; a percentile past a mark says so in words.
     */
    static String turnaround(String id, List<TurnaroundFigure> figures) {
        String title = "Turnaround by setting, receipt to first report";
        List<TurnaroundFigure> reported = figures.stream().filter(f -> f.reported() > 0).toList();
        if (reported.isEmpty()) {
            return empty(id, title, "Nothing reported in this period");
        }
        int height = (int) (ROWS_TOP + reported.size() * ROW_HEIGHT + 8);
        StringBuilder svg = Svg.open(id, WIDTH, height, title, describeTurnaround(reported));
        heading(svg, title);
        for (int i = 0; i < reported.size(); i++) {
            turnaroundRow(svg, reported.get(i), ROWS_TOP + i * ROW_HEIGHT);
        }
        return Svg.close(svg);
    }

    private static void turnaroundRow(StringBuilder svg, TurnaroundFigure f, double top) {
        RequesterSetting setting = f.setting();
        double longest = Math.max(minutes(f.p95()), setting == null ? 0 : minutes(setting.unacceptable()) * 1.15);
        double scale = Math.max(longest * 1.05, 1);
        svg.append("<text class=\"setting-label\" x=\"").append(number(SCALE_LEFT - 10)).append("\" y=\"").append(number(top + 30))
                .append("\" text-anchor=\"end\" font-weight=\"bold\">").append(escape(settingWords(setting))).append("</text>");
        svg.append("<text class=\"setting-count\" x=\"").append(number(SCALE_LEFT - 10)).append("\" y=\"").append(number(top + 46))
                .append("\" text-anchor=\"end\">").append(f.reported()).append(" reported</text>");
        String[] names = {"median", "90th", "95th"};
        Duration[] values = {f.median(), f.p90(), f.p95()};
        for (int i = 0; i < 3; i++) {
            double y = top + 8 + i * 22;
            double width = minutes(values[i]) / scale * (SCALE_RIGHT - SCALE_LEFT);
            String standing = standing(values[i], setting);
            svg.append("<rect class=\"percentile\" x=\"").append(number(SCALE_LEFT)).append("\" y=\"").append(number(y))
                    .append("\" width=\"").append(number(Math.max(width, 1))).append("\" height=\"14\" fill=\"")
                    .append(i == 0 ? Svg.BLUE : Svg.GREY).append("\"><title>").append(escape(settingWords(setting) + ", " + names[i]
                            + ": " + duration(values[i]) + standing)).append("</title></rect>");
            svg.append("<text class=\"percentile-label\" x=\"").append(number(WORDS_LEFT)).append("\" y=\"")
                    .append(number(y + 11)).append("\">").append(names[i]).append(' ').append(escape(duration(values[i])))
                    .append(escape(standing)).append("</text>");
        }
        double bottom = top + 8 + 3 * 22;
        if (setting == null) {
            svg.append("<text class=\"limit-label\" x=\"").append(number(SCALE_LEFT)).append("\" y=\"").append(number(bottom + 12))
                    .append("\">No target: the requester's setting is not recorded</text>");
            return;
        }
        limit(svg, "target", "target " + duration(setting.target()), minutes(setting.target()) / scale, top, bottom, Svg.GREEN, "5 3");
        limit(svg, "unacceptable", "unacceptable " + duration(setting.unacceptable()), minutes(setting.unacceptable()) / scale, top,
                bottom, Svg.RED, null);
    }

    private static void limit(StringBuilder svg, String css, String words, double share, double top, double bottom, String colour,
                              String dashes) {
        String x = number(SCALE_LEFT + share * (SCALE_RIGHT - SCALE_LEFT));
        svg.append("<line class=\"").append(css).append("\" x1=\"").append(x).append("\" y1=\"").append(number(top + 4))
                .append("\" x2=\"").append(x).append("\" y2=\"").append(number(bottom)).append("\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2\"").append(dashes == null ? "" : " stroke-dasharray=\"" + dashes + "\"").append("/>");
        svg.append("<text class=\"").append(css).append("-label\" x=\"").append(x).append("\" y=\"").append(number(bottom + 12))
                .append("\" text-anchor=\"").append(css.equals("target") ? "end" : "start").append("\">").append(escape(words))
                .append("</text>");
    }

    private static String standing(Duration value, RequesterSetting setting) {
        if (setting == null || value == null) {
            return "";
        }
        if (value.compareTo(setting.unacceptable()) > 0) {
            return ", beyond unacceptable";
        }
        return value.compareTo(setting.target()) > 0 ? ", beyond target" : ", within target";
    }

    private static String describeTurnaround(List<TurnaroundFigure> figures) {
        return String.join("; ", figures.stream().map(f -> settingWords(f.setting()) + ": " + f.reported() + " reported, median "
                + duration(f.median()) + ", 90th percentile " + duration(f.p90()) + ", 95th percentile " + duration(f.p95())
                + (f.setting() == null ? ", no target" : ", target " + duration(f.setting().target()) + ", unacceptable beyond "
                + duration(f.setting().unacceptable()) + ", " + f.withinTarget() + " within target, " + f.beyondUnacceptable()
                + " beyond unacceptable")).toList()) + ".";
    }

    // ---- shared ----------------------------------------------------------------------------------------------------

    private static String empty(String id, String title, String words) {
        StringBuilder svg = Svg.open(id, WIDTH, 56, title, words);
        heading(svg, title);
        svg.append("<text class=\"empty\" x=\"8\" y=\"44\">").append(escape(words)).append("</text>");
        return Svg.close(svg);
    }

    private static void heading(StringBuilder svg, String title) {
        svg.append("<text class=\"chart-heading\" x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">").append(escape(title))
                .append("</text>");
    }

    private static String horizontal(String css, double y, String colour, String width, String dashes) {
        return "<line class=\"" + css + "\" x1=\"" + number(LEFT) + "\" y1=\"" + number(y) + "\" x2=\"" + number(RIGHT) + "\" y2=\""
                + number(y) + "\" stroke=\"" + colour + "\" stroke-width=\"" + width + "\""
                + (dashes == null ? "" : " stroke-dasharray=\"" + dashes + "\"") + "/>";
    }

    /** "Mon 7 Dec". */
    static String day(LocalDate day) {
        return day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.UK) + " " + LondonTime.date(day.atStartOfDay(LabTime.ZONE)
                .toInstant()).replaceFirst(" \\d{4}$", "");
    }

    static String settingWords(RequesterSetting setting) {
        if (setting == null) {
            return "Setting not recorded";
        }
        String words = setting.words();
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static double minutes(Duration d) {
        return d == null ? 0 : d.toSeconds() / 60.0;
    }

    /** "45 min", "3 h 05 min", as the sitrep's tables say it. */
    static String duration(Duration d) {
        if (d == null) {
            return "none";
        }
        long minutes = d.toMinutes();
        return minutes < 60 ? minutes + " min" : "%d h %02d min".formatted(minutes / 60, minutes % 60);
    }
}
