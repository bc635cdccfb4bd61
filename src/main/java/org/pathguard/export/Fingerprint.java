package org.pathguard.export;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mark an export carries twice: visibly in its header line, and invisibly in every data row
 * as 64 zero-width characters (U+200B for 0, U+200C for 1, between word joiners), so rows cut from
 * the file, with the header gone, still name the export they came from.
 */
public final class Fingerprint {

    static final int BITS = 64;
    private static final char ZERO = '\u200B';
    private static final char ONE = '\u200C';
    private static final char FRAME = '\u2060';
    private static final Pattern VISIBLE = Pattern.compile("fingerprint ([0-9a-f]{16})");
    private static final Pattern HIDDEN_TEXT = Pattern.compile(PdfList.HIDDEN_PREFIX + "([0-9a-f]{16})");
    private static final Pattern EMBEDDED = Pattern.compile(FRAME + "([" + ZERO + ONE + "]{" + BITS + "})" + FRAME);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fingerprint() {
    }

    /** 64 random bits as 16 hex digits. */
    public static String next() {
        byte[] b = new byte[BITS / 8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String invisible(String fingerprint) {
        long bits = Long.parseUnsignedLong(fingerprint, 16);
        StringBuilder s = new StringBuilder().append(FRAME);
        for (int i = BITS - 1; i >= 0; i--) {
            s.append(((bits >>> i) & 1) == 1 ? ONE : ZERO);
        }
        return s.append(FRAME).toString();
    }

    public record Found(String fingerprint, String where) {
    }

    /**
     * The fingerprint a file or excerpt carries. The hidden marks (rows' majority, or a PDF's invisible text) are
     * harder to forge than the visible header, so they win when both are there and disagree, and the answer says so.
     */
    public static Optional<Found> in(String text) {
        Optional<Found> hidden = hidden(text);
        Matcher visible = VISIBLE.matcher(text);
        if (!visible.find()) {
            return hidden;
        }
        if (hidden.isPresent() && !hidden.get().fingerprint().equals(visible.group(1))) {
            return Optional.of(new Found(hidden.get().fingerprint(), hidden.get().where()
                    + "; the visible header names another fingerprint (" + visible.group(1) + "): it was altered"));
        }
        return Optional.of(new Found(visible.group(1), "visible header"));
    }

    private static Optional<Found> hidden(String text) {
        Matcher pdf = HIDDEN_TEXT.matcher(text);
        if (pdf.find()) {
            return Optional.of(new Found(pdf.group(1), "invisible text or metadata of a PDF"));
        }
        Map<String, Integer> votes = new HashMap<>();
        Matcher embedded = EMBEDDED.matcher(text);
        while (embedded.find()) {
            long bits = 0;
            for (char c : embedded.group(1).toCharArray()) {
                bits = (bits << 1) | (c == ONE ? 1 : 0);
            }
            votes.merge(String.format("%016x", bits), 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> new Found(e.getKey(), "invisible mark in " + e.getValue() + " row(s)"));
    }
}
