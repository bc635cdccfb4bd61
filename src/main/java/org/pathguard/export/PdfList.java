package org.pathguard.export;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An export as a PDF list (PDFBox): landscape A4 pages of fixed-width rows, the fingerprint
 * visible in every page's header and footer, hidden as invisible text on every page, and in the
 * document information, so a page printed, cut out or stripped of its metadata still names its export.
 */
final class PdfList {

    private static final PDType1Font MONO = new PDType1Font(Standard14Fonts.FontName.COURIER);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.COURIER_BOLD);
    private static final float SIZE = 7.5f;
    private static final float LEADING = 9.5f;
    private static final float MARGIN = 36;
    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final int COLUMNS = (int) ((PAGE.getWidth() - 2 * MARGIN) / (SIZE * 0.6f));
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
        List<String> lines = table.rows().stream().map(row -> line(row, widths)).toList();
        List<String> headline = wrap(printable(table.headline()));
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
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
                        write(content, BOLD, MARGIN, y, part);
                        y -= LEADING;
                    }
                    write(content, BOLD, MARGIN, y - LEADING, line(table.columns(), widths));
                    y -= 2 * LEADING;
                    for (String line : lines.subList(page * ROWS_PER_PAGE, Math.min(lines.size(), (page + 1) * ROWS_PER_PAGE))) {
                        write(content, MONO, MARGIN, y, line);
                        y -= LEADING;
                    }
                    write(content, MONO, MARGIN, MARGIN / 2, "CONFIDENTIAL - registered export, fingerprint " + table.fingerprint()
                            + " - page " + (page + 1) + " of " + pages);
                    content.setRenderingMode(RenderingMode.NEITHER);
                    write(content, MONO, MARGIN, PAGE.getHeight() / 2, HIDDEN_PREFIX + table.fingerprint());
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

    private static String line(List<String> cells, int[] widths) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String text = printable(cells.get(i));
            int width = widths[i];
            s.append(text.length() >= width ? text.substring(0, width - 1) + " " : text + " ".repeat(width - text.length()));
        }
        return s.toString().stripTrailing();
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

    /** The standard Courier font draws Windows-1252 only; anything else shows as '?'. */
    private static String printable(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(c -> s.append(drawable(c) ? Character.toString(c) : "?"));
        return s.toString();
    }

    private static boolean drawable(int codePoint) {
        try {
            MONO.encode(Character.toString(codePoint));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    private static void write(PDPageContentStream content, PDType1Font font, float x, float y, String text) throws IOException {
        content.beginText();
        content.setFont(font, SIZE);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }
}
