package org.pathguard.simulation;

/**
 * What a chart draws on, so that the SVG for a screen and the PNG for a document come from the same geometry.
 * Colours are {@code #rrggbb}.
 */
interface Canvas {

    enum Anchor { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, String colour, double width, boolean dashed);

    /** A connected line through the points; NaN y values break it (a day with nothing to show). */
    void polyline(double[] xs, double[] ys, String colour, double width, boolean dashed);

    void rect(double x, double y, double width, double height, String fill);

    void text(double x, double y, String text, Anchor anchor, double size, boolean bold, String colour);
}
