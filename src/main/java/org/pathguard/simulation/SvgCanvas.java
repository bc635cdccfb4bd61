package org.pathguard.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * SVG text of a chart: presentation attributes only, no style attributes, so a screen can inline it under a
 * Content-Security-Policy without 'unsafe-inline' styles (as the ui charts do).
 */
final class SvgCanvas implements Canvas {

    private final StringBuilder svg = new StringBuilder(64 * 1024);

    SvgCanvas(int width, int height, String title, String description) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"100%\" role=\"img\" aria-labelledby=\"simulation-title simulation-desc\"")
                .append(" font-family=\"DejaVu Sans, Arial, sans-serif\">");
        svg.append("<title id=\"simulation-title\">").append(escape(title)).append("</title>");
        svg.append("<desc id=\"simulation-desc\">").append(escape(description)).append("</desc>");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String colour, double width, boolean dashed) {
        svg.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2)).append("\" y2=\"")
                .append(n(y2)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"").append(n(width)).append('"')
                .append(dashed ? " stroke-dasharray=\"6 4\"" : "").append("/>");
    }

    @Override
    public void polyline(double[] xs, double[] ys, String colour, double width, boolean dashed) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= xs.length; i++) {
            if (i == xs.length || Double.isNaN(ys[i])) {
                if (!points.isEmpty()) {
                    svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(n(width))
                            .append('"').append(dashed ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"")
                            .append(points.toString().strip()).append("\"/>");
                    points.setLength(0);
                }
                continue;
            }
            points.append(n(xs[i])).append(',').append(n(ys[i])).append(' ');
        }
    }

    @Override
    public void rect(double x, double y, double width, double height, String fill) {
        svg.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" fill=\"").append(fill).append("\"/>");
    }

    @Override
    public void text(double x, double y, String text, Anchor anchor, double size, boolean bold, String colour) {
        svg.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size)).append('"')
                .append(anchor == Anchor.START ? "" : anchor == Anchor.MIDDLE ? " text-anchor=\"middle\"" : " text-anchor=\"end\"")
                .append(bold ? " font-weight=\"bold\"" : "").append(" fill=\"").append(colour).append("\">").append(escape(text)).append("</text>");
    }

    String finish() {
        return svg.append("</svg>\n").toString();
    }

    private static String n(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
