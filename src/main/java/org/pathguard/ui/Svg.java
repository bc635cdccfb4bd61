package org.pathguard.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The pieces both charts share: the accessible root element, escaping and number formatting.
 * Charts are inlined with th:utext under a CSP without 'unsafe-inline' styles, so nothing here
 * writes a style attribute; colours and sizes are presentation attributes.
 */
final class Svg {

    static final String TEXT = "#212b32";
    static final String BLUE = "#005eb8";
    static final String GREY = "#4c6272";
    static final String RED = "#d5281b";
    static final String GREEN = "#007f3b";
    static final String GRIDLINE = "#d8dde0";

    private Svg() {
    }

    /** Starts the root element, labelled by its title and a description of the data in words. */
    static StringBuilder open(String id, int width, int height, String title, String description) {
        String safeId = safeId(id);
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"100%\" role=\"img\" aria-labelledby=\"").append(safeId).append("-title ")
                .append(safeId).append("-desc\" font-family=\"Arial, sans-serif\" font-size=\"12\" fill=\"").append(TEXT)
                .append("\">");
        svg.append("<title id=\"").append(safeId).append("-title\">").append(escape(title)).append("</title>");
        svg.append("<desc id=\"").append(safeId).append("-desc\">").append(escape(description)).append("</desc>");
        return svg;
    }

    static String close(StringBuilder svg) {
        return svg.append("</svg>").toString();
    }

    /** Ids end up in the page's HTML, so anything but letters, digits and hyphens is replaced. */
    static String safeId(String id) {
        String safe = id == null ? "" : id.replaceAll("[^A-Za-z0-9-]", "-");
        // An XML name cannot start with a digit or hyphen.
        return safe.isEmpty() || !Character.isLetter(safe.charAt(0)) ? "chart-" + safe : safe;
    }

    /**
     * Escapes text for an element or a quoted attribute. Characters XML cannot hold at all (most
     * control characters, unpaired surrogates) become U+FFFD so hostile input cannot break the document.
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.appendCodePoint(allowedInXml(c) ? c : 0xFFFD);
            }
        });
        return escaped.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** A coordinate or percentage with at most two decimals, the same in every locale. */
    static String number(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
