package org.pathguard.export;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * An export as a PDF list (PDFBox): landscape A4 pages of fixed-width rows, the fingerprint
 * visible in every page's header and footer, hidden as invisible text on every page, and in the
 * document information, so a page printed, cut out or stripped of its metadata still names its export. Printed in
 * DejaVu Sans Mono, embedded, so every name prints as written (ADR 0040).
 */
final class PdfList {

    private static final float SIZE = 7.5f;
    // DejaVu Sans Mono's advance: 1233 of 2048 units to the em.
    private static final float CHARACTER_WIDTH = 1233f / 2048;
    private static final float LEADING = 9.5f;
    private static final float MARGIN = 36;
    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final int COLUMNS = (int) ((PAGE.getWidth() - 2 * MARGIN) / (SIZE * CHARACTER_WIDTH));
    private static final int ROWS_PER_PAGE = (int) ((PAGE.getHeight() - 2 * MARGIN - 5 * LEADING) / LEADING);
    private static final int WIDEST_COLUMN = 32;
    static final String HIDDEN_PREFIX = "pgfp:";

    private PdfList() {
    }

    static boolean isPdf(byte[] file) {
        return file.length > 4 && new String(file, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
    }

    static byte[] render(Exports.Table table) {
        int[] widths = widths(table);
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            // DejaVu Sans Mono lacks a few letters (Vietnamese ones); those print in DejaVu Sans, each cell at its column.
            PDType0Font[] mono = {PdfFonts.load(pdf, PdfFonts.Face.MONO), PdfFonts.load(pdf, PdfFonts.Face.SANS)};
            PDType0Font[] bold = {PdfFonts.load(pdf, PdfFonts.Face.MONO_BOLD), PdfFonts.load(pdf, PdfFonts.Face.SANS_BOLD)};
            List<List<String>> lines = table.rows();
            List<String> headline = wrap(Normalizer.normalize(table.headline(), Normalizer.Form.NFC));
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle("PathGuard export " + table.fingerprint());
            info.setKeywords(HIDDEN_PREFIX + table.fingerprint());
            info.setCustomMetadataValue("PathGuardFingerprint", table.fingerprint());
            int pages = Math.max(1, (lines.size() + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE);
            for (int page = 0; page < pages; page++) {
                PDPage sheet = new PDPage(PAGE);
                pdf.addPage(sheet);
                try (PDPageContentStream content = new PDPageContentStream(pdf, sheet)) {
                    float y = PAGE.getHeight() - MARGIN;
                    for (String part : headline) {
                        write(content, bold, MARGIN, y, part);
                        y -= LEADING;
                    }
                    row(content, bold, y - LEADING, table.columns(), widths);
                    y -= 2 * LEADING;
                    for (List<String> line : lines.subList(page * ROWS_PER_PAGE, Math.min(lines.size(), (page + 1) * ROWS_PER_PAGE))) {
                        row(content, mono, y, line, widths);
                        y -= LEADING;
                    }
                    write(content, mono, MARGIN, MARGIN / 2, "CONFIDENTIAL - registered export, fingerprint " + table.fingerprint()
                            + " - page " + (page + 1) + " of " + pages);
                    content.setRenderingMode(RenderingMode.NEITHER);
                    write(content, mono, MARGIN, PAGE.getHeight() / 2, HIDDEN_PREFIX + table.fingerprint());
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the PDF list", e);
        }
    }

    /** Everything a PDF says in text, visible or not, with its keywords: what tracing reads. */
    static String text(byte[] file) {
        try (PDDocument pdf = Loader.loadPDF(file)) {
            String keywords = pdf.getDocumentInformation().getKeywords();
            return new PDFTextStripper().getText(pdf) + "\n" + (keywords == null ? "" : keywords);
        } catch (IOException e) {
            return "";
        }
    }

    /** Each column as wide as its widest cell (within reason), narrowed evenly if the page is too narrow. */
    private static int[] widths(Exports.Table table) {
        int[] widths = new int[table.columns().size()];
        for (int i = 0; i < widths.length; i++) {
            int widest = table.columns().get(i).length();
            for (List<String> row : table.rows()) {
                widest = Math.max(widest, row.get(i).length());
            }
            widths[i] = Math.min(widest, WIDEST_COLUMN) + 2;
        }
        int total = java.util.Arrays.stream(widths).sum();
        if (total > COLUMNS) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(4, widths[i] * COLUMNS / total);
            }
        }
        return widths;
    }

    /** Each cell at its column, cut one character short of the next so cells never run together. */
    private static void row(PDPageContentStream content, PDType0Font[] fonts, float y, List<String> cells, int[] widths)
            throws IOException {
        int column = 0;
        for (int i = 0; i < cells.size(); i++) {
            String text = Normalizer.normalize(cells.get(i), Normalizer.Form.NFC);
            int width = widths[i];
            if (text.codePointCount(0, text.length()) >= width) {
                text = text.substring(0, text.offsetByCodePoints(0, width - 1));
            }
            write(content, fonts, MARGIN + column * SIZE * CHARACTER_WIDTH, y, text);
            column += width;
        }
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > COLUMNS) {
            int cut = rest.lastIndexOf(' ', COLUMNS);
            cut = cut <= 0 ? COLUMNS : cut;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    private static void write(PDPageContentStream content, PDType0Font[] fonts, float x, float y, String text) throws IOException {
        content.beginText();
        content.newLineAtOffset(x, y);
        PdfFonts.show(content, SIZE, text, fonts);
        content.endText();
    }
}
