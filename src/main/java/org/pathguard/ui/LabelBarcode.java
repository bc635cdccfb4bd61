package org.pathguard.ui;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;

/** A specimen barcode as Code 128 in SVG, for labels printed on the ward (the lab's scanners read Code 128). */
final class LabelBarcode {

    private static final int HEIGHT = 40;

    private LabelBarcode() {
    }

    static String svg(String barcode) {
        BitMatrix bars = new Code128Writer().encode(barcode, BarcodeFormat.CODE_128, 0, 1);
        StringBuilder path = new StringBuilder();
        int x = 0;
        while (x < bars.getWidth()) {
            if (!bars.get(x, 0)) {
                x++;
                continue;
            }
            int start = x;
            while (x < bars.getWidth() && bars.get(x, 0)) {
                x++;
            }
            path.append('M').append(start).append(" 0h").append(x - start).append('v').append(HEIGHT).append('h')
                    .append(start - x).append('z');
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + bars.getWidth() + " " + HEIGHT
                + "\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"Barcode "
                + Svg.escape(barcode) + "\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\""
                + path + "\"/></svg>";
    }
}
