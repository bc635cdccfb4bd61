package org.pathguard.ui;

import java.util.List;
import java.util.Objects;

import static org.pathguard.ui.Svg.escape;
import static org.pathguard.ui.Svg.number;

/**
 * Horizontal bars for the turnaround dashboard: the share of each kind of work reported within its
 * target, against a dashed target line, each saying in words whether it meets the target. Red means
 * one thing only: open work already past its target time, said in words beside the row's label.
 */
public final class BarChart {

    static final int WIDTH = 640;
    static final double LABEL_RIGHT = 150;
    static final double BAR_LEFT = 160;
    static final double BAR_WIDTH = 240;
    static final double CAPTION_LEFT = BAR_LEFT + BAR_WIDTH + 10;
    static final double ROWS_TOP = 52;
    static final double ROW_HEIGHT = 44;
    static final double BAR_HEIGHT = 20;
    static final int[] GRIDLINES = {0, 25, 50, 75, 100};
    static final String EMPTY = "No work in this period";

    /**
     * @param percent        clamped to 0–100
     * @param reported       whether any of this work has been reported yet (a share of nothing meets no target)
     * @param openPastTarget requests not yet reported and already past their target time
     */
    public record Bar(String label, double percent, String caption, boolean reported, int openPastTarget) {
        public Bar {
            Objects.requireNonNull(label, "label");
            percent = clampedPercent(percent);
            caption = caption == null ? "" : caption;
            if (openPastTarget < 0) {
                throw new IllegalArgumentException("A count of open work cannot be negative");
            }
        }

        boolean meets(double target) {
            return reported && percent >= target;
        }
    }

    private BarChart() {
    }

    /** @param id prefix for the element ids, unique on the page; anything but letters, digits and hyphens is replaced */
    public static String svg(String id, String title, List<Bar> bars, double targetPercent) {
        Objects.requireNonNull(title, "title");
        double target = clampedPercent(targetPercent);
        if (bars.isEmpty()) {
            StringBuilder svg = Svg.open(id, WIDTH, 56, title, EMPTY);
            heading(svg, title);
            svg.append("<text class=\"empty\" x=\"8\" y=\"44\">").append(EMPTY).append("</text>");
            return Svg.close(svg);
        }
        double rowsBottom = ROWS_TOP + bars.size() * ROW_HEIGHT;
        int height = (int) Math.ceil(rowsBottom + 28);
        StringBuilder svg = Svg.open(id, WIDTH, height, title, describe(bars, target));
        heading(svg, title);
        gridlines(svg, rowsBottom);
        for (int i = 0; i < bars.size(); i++) {
            row(svg, bars.get(i), ROWS_TOP + i * ROW_HEIGHT, target);
        }
        targetLine(svg, target, rowsBottom);
        return Svg.close(svg);
    }

    private static double clampedPercent(double percent) {
        if (Double.isNaN(percent)) {
            throw new IllegalArgumentException("A percentage is not a number");
        }
        return Math.clamp(percent, 0.0, 100.0);
    }

    private static double x(double percent) {
        return BAR_LEFT + percent / 100 * BAR_WIDTH;
    }

    private static void heading(StringBuilder svg, String title) {
        svg.append("<text class=\"chart-heading\" x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>");
    }

    private static void gridlines(StringBuilder svg, double rowsBottom) {
        for (int percent : GRIDLINES) {
            String x = number(x(percent));
            svg.append("<line class=\"gridline\" x1=\"").append(x).append("\" y1=\"").append(number(ROWS_TOP))
                    .append("\" x2=\"").append(x).append("\" y2=\"").append(number(rowsBottom))
                    .append("\" stroke=\"").append(percent == 0 ? Svg.GREY : Svg.GRIDLINE).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(x).append("\" y=\"").append(number(ROWS_TOP - 10))
                    .append("\" text-anchor=\"middle\">").append(percent).append("%</text>");
        }
    }

    private static void row(StringBuilder svg, Bar bar, double top, double target) {
        double textY = top + ROW_HEIGHT / 2 - 2;
        boolean meets = bar.meets(target);
        svg.append("<text class=\"bar-label\" x=\"").append(number(LABEL_RIGHT)).append("\" y=\"").append(number(textY))
                .append("\" text-anchor=\"end\">").append(escape(bar.label())).append("</text>");
        svg.append("<rect class=\"").append(meets ? "bar meets" : "bar").append("\" x=\"").append(number(BAR_LEFT))
                .append("\" y=\"").append(number(textY - 4 - BAR_HEIGHT / 2)).append("\" width=\"").append(number(x(bar.percent()) - BAR_LEFT))
                .append("\" height=\"").append(number(BAR_HEIGHT)).append("\" fill=\"").append(meets ? Svg.GREEN : Svg.BLUE)
                .append("\"><title>").append(escape(summary(bar, target))).append("</title></rect>");
        svg.append("<text class=\"bar-caption\" x=\"").append(number(CAPTION_LEFT)).append("\" y=\"").append(number(textY)).append("\">")
                .append(escape(bar.caption())).append("</text>");
        if (bar.reported()) {
            svg.append("<text class=\"standing\" x=\"").append(number(CAPTION_LEFT)).append("\" y=\"").append(number(textY + 16))
                    .append("\">").append(meets ? "✓ Meets target" : "Below target").append("</text>");
        }
        if (bar.openPastTarget() > 0) {
            svg.append("<text class=\"past-target\" x=\"").append(number(LABEL_RIGHT)).append("\" y=\"").append(number(textY + 16))
                    .append("\" text-anchor=\"end\" font-weight=\"bold\" fill=\"").append(Svg.RED).append("\">⚠ ")
                    .append(pastTarget(bar.openPastTarget())).append("</text>");
        }
    }

    private static String pastTarget(int open) {
        return open + " open past target";
    }

    private static void targetLine(StringBuilder svg, double target, double rowsBottom) {
        String x = number(x(target));
        svg.append("<line class=\"target\" x1=\"").append(x).append("\" y1=\"").append(number(ROWS_TOP - 4))
                .append("\" x2=\"").append(x).append("\" y2=\"").append(number(rowsBottom + 4))
                .append("\" stroke=\"").append(Svg.TEXT).append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        svg.append("<text class=\"target-label\" x=\"").append(x).append("\" y=\"").append(number(rowsBottom + 20))
                .append("\" text-anchor=\"middle\">target ").append(number(target)).append("%</text>");
    }

    private static String describe(List<Bar> bars, double target) {
        StringBuilder description = new StringBuilder()
                .append("Share reported within target, against a target of ").append(number(target)).append("%: ");
        for (int i = 0; i < bars.size(); i++) {
            description.append(i == 0 ? "" : "; ").append(summary(bars.get(i), target));
        }
        return description.append('.').toString();
    }

    private static String summary(Bar bar, double target) {
        String figures = bar.caption().isBlank() ? number(bar.percent()) + "%" : bar.caption();
        String standing = !bar.reported() ? "" : bar.meets(target) ? ", meets target" : ", below target";
        return bar.label() + ": " + figures + standing + (bar.openPastTarget() > 0 ? ", " + pastTarget(bar.openPastTarget()) : "");
    }
}
