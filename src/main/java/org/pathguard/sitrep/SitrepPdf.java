package org.pathguard.sitrep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.pathguard.export.PdfFonts;

/**
 * A sitrep as a PDF to send or print: landscape A4, headed with whom it is about, the period, the incident (if one is
 * in force) and when it was made; then every section as a table with the line saying how its figures were computed
 * under it, the same tables as the CSV and the screen ({@link SitrepTables}). Printed in DejaVu Sans, embedded, so an
 * organisation or person named with any European letter prints as written (ADR 0040). Each page repeats the heading in
 * its footer, with its number, so a page taken out of the pack still says what it is.
 */
public final class SitrepPdf {

    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN = 36;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float BOTTOM = MARGIN + 18;
    private static final float TEXT = 8;
    private static final float LEADING = 10.5f;
    private static final float CELL_PADDING = 6;
    // Figures, shares and times line up on the right, as a table of numbers is read.
    private static final Pattern FIGURE = Pattern.compile("-?\\d[\\d.,]*( ?%| h \\d\\d min| min| s)?|none|" + SitrepTables.NOT_KNOWN);

    private final PDDocument pdf;
    private final PDType0Font regular;
    private final PDType0Font bold;
    private PDPageContentStream content;
    private float y;

    private SitrepPdf(PDDocument pdf) {
        this.pdf = pdf;
        this.regular = PdfFonts.load(pdf, PdfFonts.Face.SANS);
        this.bold = PdfFonts.load(pdf, PdfFonts.Face.SANS_BOLD);
    }

    /** Writes the sitrep as a PDF to {@code out} (left open). */
    public static void write(Sitrep sitrep, OutputStream out) {
        try (PDDocument pdf = new PDDocument()) {
            String heading = SitrepFiles.heading(sitrep);
            pdf.getDocumentInformation().setTitle("Situation report: " + heading);
            pdf.getDocumentInformation().setCreator("PathGuard");
            SitrepPdf writer = new SitrepPdf(pdf);
            writer.front(sitrep, heading);
            for (SitrepTables.Table table : SitrepTables.of(sitrep)) {
                writer.table(table);
            }
            writer.content.close();
            writer.footers(heading);
            pdf.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sitrep's PDF", e);
        }
    }

    private void front(Sitrep sitrep, String heading) throws IOException {
        newPage();
        line(bold, 16, MARGIN, "Situation report");
        y -= 8;
        for (String part : wrap(heading, bold, 12, WIDTH)) {
            line(bold, 12, MARGIN, part);
        }
        String incident = sitrep.incident() == null ? "No incident in force during this period."
                : "Incident: " + sitrep.incident().name() + (sitrep.incident().confirmed()
                ? ", confirmed by " + sitrep.incident().confirmedBy() : ", not yet confirmed by a second person")
                + "; declared " + SitrepTables.moment(sitrep.incident().declaredAt()) + " by " + sitrep.incident().declaredBy()
                + (sitrep.incident().closedAt() == null ? "; in force." : "; closed " + SitrepTables.moment(sitrep.incident().closedAt()) + ".");
        for (String part : wrap(incident, regular, 10, WIDTH)) {
            line(regular, 10, MARGIN, part);
        }
        line(regular, 10, MARGIN, "Made at " + SitrepTables.moment(sitrep.madeAt()) + " (UK time), from the event log. "
                + "Days are UK days; the unit is a test (one requested test of an order) unless a table says otherwise.");
        y -= 6;
    }

    /** A table: title, headings, rows (wrapped within their columns), then its method line; headings again on a new page. */
    private void table(SitrepTables.Table table) throws IOException {
        float[] widths = widths(table);
        List<Boolean> figures = figureColumns(table);
        room(14 + 2 * LEADING);
        y -= 8;
        line(bold, 11, MARGIN, table.title());
        y -= 2;
        headings(table, widths, figures);
        if (table.rows().isEmpty()) {
            line(regular, TEXT, MARGIN, "None in this period.");
        }
        for (List<String> row : table.rows()) {
            List<List<String>> cells = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < row.size(); i++) {
                cells.add(wrap(row.get(i), regular, TEXT, widths[i] - CELL_PADDING));
                height = Math.max(height, cells.get(i).size());
            }
            if (y - height * LEADING < BOTTOM) {
                newPage();
                line(bold, TEXT, MARGIN, table.title() + " (continued)");
                headings(table, widths, figures);
            }
            rowOf(cells, widths, figures, regular, height);
        }
        y -= 3;
        for (String part : wrap("How computed: " + table.method(), regular, 7.5f, WIDTH)) {
            room(LEADING);
            line(regular, 7.5f, MARGIN, part);
        }
    }

    private void headings(SitrepTables.Table table, float[] widths, List<Boolean> figures) throws IOException {
        List<List<String>> cells = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < table.headings().size(); i++) {
            cells.add(wrap(table.headings().get(i), bold, TEXT, widths[i] - CELL_PADDING));
            height = Math.max(height, cells.get(i).size());
        }
        room(height * LEADING + LEADING);
        rowOf(cells, widths, figures, bold, height);
        content.setLineWidth(0.5f);
        content.moveTo(MARGIN, y + LEADING - 3);
        content.lineTo(MARGIN + WIDTH, y + LEADING - 3);
        content.stroke();
    }

    private void rowOf(List<List<String>> cells, float[] widths, List<Boolean> figures, PDType0Font font, int height) throws IOException {
        float x = MARGIN;
        for (int i = 0; i < cells.size(); i++) {
            for (int l = 0; l < cells.get(i).size(); l++) {
                String text = cells.get(i).get(l);
                float at = figures.get(i) ? x + widths[i] - CELL_PADDING - PdfFonts.width(TEXT, text, font) : x;
                show(font, TEXT, at, y - l * LEADING, text);
            }
            x += widths[i];
        }
        y -= height * LEADING;
    }

    /** Which columns hold figures alone (counts, shares, times): right-aligned, heading and all, on paper and screen. */
    public static List<Boolean> figureColumns(SitrepTables.Table table) {
        List<Boolean> figures = new ArrayList<>();
        for (int i = 0; i < table.headings().size(); i++) {
            int column = i;
            figures.add(!table.rows().isEmpty() && table.rows().stream().allMatch(row -> FIGURE.matcher(row.get(column)).matches()));
        }
        return figures;
    }

    /**
     * Each column as wide as its heading and widest cell when the page allows; otherwise headings wrap at their words
     * first, and only when that is not enough does every column shrink in proportion (its cells then wrap).
     */
    private float[] widths(SitrepTables.Table table) {
        int columns = table.headings().size();
        float[] natural = new float[columns];
        float[] narrow = new float[columns];
        for (int i = 0; i < columns; i++) {
            float widestCell = 0;
            for (List<String> row : table.rows()) {
                widestCell = Math.min(Math.max(widestCell, PdfFonts.width(TEXT, row.get(i), regular)), 260);
            }
            float widestWord = 0;
            for (String word : table.headings().get(i).split(" ")) {
                widestWord = Math.max(widestWord, PdfFonts.width(TEXT, word, bold));
            }
            natural[i] = Math.max(widestCell, PdfFonts.width(TEXT, table.headings().get(i), bold)) + CELL_PADDING;
            narrow[i] = Math.max(widestCell, widestWord) + CELL_PADDING;
        }
        float naturalTotal = sum(natural);
        float narrowTotal = sum(narrow);
        float[] widths = new float[columns];
        for (int i = 0; i < columns; i++) {
            widths[i] = naturalTotal <= WIDTH ? natural[i]
                    : narrowTotal <= WIDTH ? narrow[i] + (WIDTH - narrowTotal) * (natural[i] - narrow[i]) / (naturalTotal - narrowTotal)
                    : narrow[i] * WIDTH / narrowTotal;
        }
        return widths;
    }

    private static float sum(float[] values) {
        float total = 0;
        for (float v : values) {
            total += v;
        }
        return total;
    }

    private static List<String> wrap(String text, PDType0Font font, float size, float width) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            String tried = current.isEmpty() ? word : current + " " + word;
            // A hair's tolerance: a cell measured for its column's width must fit it, whatever the float rounding.
            if (PdfFonts.width(size, tried, font) <= width + 0.01f || current.isEmpty()) {
                current.setLength(0);
                current.append(tried);
            } else {
                lines.add(current.toString());
                current.setLength(0);
                current.append(word);
            }
        }
        lines.add(current.toString());
        return lines;
    }

    private void room(float needed) throws IOException {
        if (y - needed < BOTTOM) {
            newPage();
        }
    }

    private void newPage() throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(PAGE);
        pdf.addPage(page);
        content = new PDPageContentStream(pdf, page);
        y = PAGE.getHeight() - MARGIN - 12;
    }

    private void line(PDType0Font font, float size, float x, String text) throws IOException {
        show(font, size, x, y, text);
        y -= size * 1.35f;
    }

    private void show(PDType0Font font, float size, float x, float at, String text) throws IOException {
        content.beginText();
        content.newLineAtOffset(x, at);
        PdfFonts.show(content, size, text, font);
        content.endText();
    }

    /** Drawn once every page exists: "page 2 of 5" needs the count. */
    private void footers(String heading) throws IOException {
        int pages = pdf.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(pdf, pdf.getPage(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
                footer.beginText();
                footer.newLineAtOffset(MARGIN, MARGIN / 2);
                PdfFonts.show(footer, 7, "PathGuard situation report: " + heading + " - page " + (i + 1) + " of " + pages, regular);
                footer.endText();
            }
        }
    }
}
