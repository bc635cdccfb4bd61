package org.pathguard.export;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The typefaces every PDF PathGuard writes prints with: DejaVu Sans and DejaVu Sans Mono, shipped inside the jar
 * (with their licence, {@code fonts/dejavu/LICENSE}) and embedded in each document as a subset of the glyphs it uses.
 * The PDF Standard 14 fonts draw Windows-1252 only, so "Łukasz Żółć" or "Dvořák" printed as "?ukasz ?ó??" — on a list of
 * patients, a name printed wrong is a patient misidentified. Nothing is read from the host: a server without fonts
 * installed prints the same PDF (ADR 0040).
 */
public final class PdfFonts {

    /** The faces used: proportional for reports laid out as tables, monospaced for fixed-width lists. */
    public enum Face {
        SANS("DejaVuSans.ttf"), SANS_BOLD("DejaVuSans-Bold.ttf"), MONO("DejaVuSansMono.ttf"), MONO_BOLD("DejaVuSansMono-Bold.ttf");

        private final String file;

        Face(String file) {
            this.file = file;
        }
    }

    /** What a character missing from the font prints as, so the reader sees that something was there. */
    public static final String MISSING = "?";

    // Read once: each document parses its own copy, because a subset is cut per document and PDFBox fonts are not shared.
    private static final Map<Face, byte[]> FILES = new EnumMap<>(Face.class);

    static {
        for (Face face : Face.values()) {
            try (InputStream in = PdfFonts.class.getResourceAsStream("/fonts/dejavu/" + face.file)) {
                if (in == null) {
                    throw new IllegalStateException("The font " + face.file + " is missing from the jar");
                }
                FILES.put(face, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the font " + face.file, e);
            }
        }
    }

    private PdfFonts() {
    }

    /** The face for this document, embedded as a subset when the document is saved. */
    public static PDType0Font load(PDDocument document, Face face) {
        try {
            return PDType0Font.load(document, new ByteArrayInputStream(FILES.get(face)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load the font " + face.file, e);
        }
    }

    /** A stretch of text drawn in one font. */
    public record Run(PDType0Font font, String text) {
    }

    /**
     * The text cut into runs, each character in the first of the fonts that has its glyph (a monospaced list falls back
     * to DejaVu Sans for the Vietnamese letters DejaVu Sans Mono lacks); composed first (a letter typed as "r" and a
     * combining caron is the one glyph "ř"); a character none has (a control character, a script DejaVu lacks) as
     * {@link #MISSING} in the first font.
     */
    public static List<Run> runs(String text, PDType0Font... fonts) {
        List<Run> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        PDType0Font current = fonts[0];
        for (int c : Normalizer.normalize(text, Normalizer.Form.NFC).codePoints().toArray()) {
            PDType0Font font = null;
            for (PDType0Font f : fonts) {
                if (drawable(f, c)) {
                    font = f;
                    break;
                }
            }
            String glyph = font == null ? MISSING : Character.toString(c);
            font = font == null ? fonts[0] : font;
            if (font != current && !run.isEmpty()) {
                runs.add(new Run(current, run.toString()));
                run.setLength(0);
            }
            current = font;
            run.append(glyph);
        }
        if (!run.isEmpty()) {
            runs.add(new Run(current, run.toString()));
        }
        return runs;
    }

    /** The text as it prints: what {@link #runs} draws, read back as one string. */
    public static String printable(String text, PDType0Font... fonts) {
        return runs(text, fonts).stream().map(Run::text).collect(Collectors.joining());
    }

    /** Shows the text at the text position, inside a text object the caller began, in the size given. */
    public static void show(PDPageContentStream content, float size, String text, PDType0Font... fonts) throws IOException {
        for (Run run : runs(text, fonts)) {
            content.setFont(run.font(), size);
            content.showText(run.text());
        }
    }

    /** How wide the text prints, in points, in the size given: for right-aligned figures and cut-off cells. */
    public static float width(float size, String text, PDType0Font... fonts) {
        float width = 0;
        try {
            for (Run run : runs(text, fonts)) {
                width += run.font().getStringWidth(run.text()) / 1000 * size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not measure the text", e);
        }
        return width;
    }

    private static boolean drawable(PDType0Font font, int codePoint) {
        if (Character.isISOControl(codePoint)) {
            return false;
        }
        try {
            font.encode(Character.toString(codePoint));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
