package org.pathguard.simulation;

import java.util.List;
import java.util.Locale;

/**
 * Panels of lines over the simulated days, one above the other, each with its legend on the right and the outage
 * shaded: drawn once on a {@link Canvas}, so the SVG (for a screen) and the PNG (for the README) are the same chart.
 * A line's dash as well as its colour tells the baseline from the router runs.
 */
record OutageChart(String title, List<Panel> panels) {

    static final int WIDTH = 980;
    static final int PANEL_HEIGHT = 280;
    static final int TOP = 40;
    static final double PLOT_LEFT = 78;
    static final double PLOT_RIGHT = 700;
    static final double LEGEND_LEFT = 720;
    static final String TEXT = "#212b32";
    static final String GRID = "#d8dde0";
    static final String SHADE = "#f0e4e4";

    /** One panel: {@code percent} panels run 0–100%, others from zero to a round number above the largest value. */
    record Panel(String title, boolean percent, List<Line> lines, List<String> xLabels, int shadeFrom, int shadeTo, String shadeLabel) {
    }

    /** NaN values are days with nothing to show (no request of that priority arrived). */
    record Line(String label, double[] values, String colour, boolean dashed) {
    }

    int height() {
        return TOP + panels.size() * PANEL_HEIGHT;
    }

    String svg() {
        SvgCanvas canvas = new SvgCanvas(WIDTH, height(), title, description());
        draw(canvas);
        return canvas.finish();
    }

    /** At twice the size, so it stays sharp on a high-density screen or in print. */
    byte[] png() {
        PngCanvas canvas = new PngCanvas(WIDTH, height(), 2);
        draw(canvas);
        return canvas.finish();
    }

    private void draw(Canvas canvas) {
        canvas.text(12, 26, title, Canvas.Anchor.START, 17, true, TEXT);
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(canvas, panels.get(i), TOP + i * PANEL_HEIGHT);
        }
    }

    private static void drawPanel(Canvas canvas, Panel panel, double top) {
        double plotTop = top + 34;
        double plotBottom = top + PANEL_HEIGHT - 50;
        int points = panel.xLabels().size();
        double max = panel.percent() ? 100 : roundAbove(panel.lines().stream()
                .flatMapToDouble(l -> java.util.Arrays.stream(l.values())).filter(v -> !Double.isNaN(v)).max().orElse(0));
        canvas.text(PLOT_LEFT, top + 22, panel.title(), Canvas.Anchor.START, 14, true, TEXT);
        if (panel.shadeTo() > panel.shadeFrom()) {
            double from = x(panel.shadeFrom() - 0.5, points);
            double to = x(panel.shadeTo() - 0.5, points);
            canvas.rect(from, plotTop, to - from, plotBottom - plotTop, SHADE);
            canvas.text((from + to) / 2, plotBottom - 8, panel.shadeLabel(), Canvas.Anchor.MIDDLE, 11, false, TEXT);
        }
        double step = max / 4;
        for (int tick = 0; tick <= 4; tick++) {
            double value = step * tick;
            double y = y(value, max, plotTop, plotBottom);
            canvas.line(PLOT_LEFT, y, PLOT_RIGHT, y, tick == 0 ? TEXT : GRID, 1, false);
            canvas.text(PLOT_LEFT - 6, y + 4, panel.percent() ? Math.round(value) + "%" : count(value), Canvas.Anchor.END, 11, false, TEXT);
        }
        for (int i = 0; i < points; i++) {
            String label = panel.xLabels().get(i);
            if (!label.isEmpty()) {
                double x = x(i, points);
                canvas.line(x, plotBottom, x, plotBottom + 4, TEXT, 1, false);
                canvas.text(x, plotBottom + 18, label, Canvas.Anchor.MIDDLE, 11, false, TEXT);
            }
        }
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = x(i, points);
        }
        for (int l = 0; l < panel.lines().size(); l++) {
            Line line = panel.lines().get(l);
            double[] ys = new double[points];
            for (int i = 0; i < points; i++) {
                ys[i] = Double.isNaN(line.values()[i]) ? Double.NaN : y(line.values()[i], max, plotTop, plotBottom);
            }
            canvas.polyline(xs, ys, line.colour(), line.dashed() ? 2.5 : 2, line.dashed());
            double legendY = plotTop + 8 + l * 20;
            canvas.line(LEGEND_LEFT, legendY - 4, LEGEND_LEFT + 28, legendY - 4, line.colour(), line.dashed() ? 2.5 : 2, line.dashed());
            canvas.text(LEGEND_LEFT + 36, legendY, line.label(), Canvas.Anchor.START, 12, false, TEXT);
        }
    }

    private static double x(double index, int points) {
        return PLOT_LEFT + (points <= 1 ? 0 : index / (points - 1) * (PLOT_RIGHT - PLOT_LEFT));
    }

    private static double y(double value, double max, double plotTop, double plotBottom) {
        return plotBottom - (max == 0 ? 0 : value / max * (plotBottom - plotTop));
    }

    /** 1, 2 or 5 times a power of ten, times four ticks, at or above {@code value}. */
    static double roundAbove(double value) {
        if (value <= 0) {
            return 4;
        }
        double raw = value / 4;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[]{1, 2, 2.5, 5, 10}) {
            if (factor * power >= raw) {
                return factor * power * 4;
            }
        }
        return 10 * power * 4;
    }

    private static String count(double value) {
        return value >= 1000 ? String.format(Locale.ROOT, "%,.0fk", value / 1000) : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** The charts in words, for a screen reader: each line's range over the days. */
    private String description() {
        StringBuilder words = new StringBuilder();
        for (Panel panel : panels) {
            words.append(panel.title()).append(": ");
            for (int l = 0; l < panel.lines().size(); l++) {
                Line line = panel.lines().get(l);
                var stats = java.util.Arrays.stream(line.values()).filter(v -> !Double.isNaN(v)).summaryStatistics();
                words.append(l == 0 ? "" : "; ").append(line.label());
                if (stats.getCount() == 0) {
                    words.append(" nothing to show");
                    continue;
                }
                words.append(" from ")
                        .append(panel.percent() ? Math.round(stats.getMin()) + "%" : count(stats.getMin())).append(" to ")
                        .append(panel.percent() ? Math.round(stats.getMax()) + "%" : count(stats.getMax()));
            }
            words.append(". ");
        }
        return words.toString().strip();
    }
}
