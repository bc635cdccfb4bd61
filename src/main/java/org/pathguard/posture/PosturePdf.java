package org.pathguard.posture;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.pathguard.export.PdfFonts;
import org.pathguard.lab.LabTime;
import org.pathguard.result.PerformingLab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The posture on paper, for the people who sign the toolkit off: each CAF outcome with its rating, then each indicator
 * with its rating, finding, kind, when it was taken and its evidence. Printed in the embedded DejaVu faces (ADR 0040),
 * so a named person prints as written; each page says whose posture it is and when, so a page taken out still says so.
 */
final class PosturePdf {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 48;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float BOTTOM = MARGIN + 18;
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(LabTime.ZONE);

    private final PDDocument pdf;
    private final PDType0Font regular;
    private final PDType0Font bold;
    private PDPageContentStream content;
    private float y;

    private PosturePdf(PDDocument pdf) {
        this.pdf = pdf;
        this.regular = PdfFonts.load(pdf, PdfFonts.Face.SANS);
        this.bold = PdfFonts.load(pdf, PdfFonts.Face.SANS_BOLD);
    }

    static byte[] write(PostureReport report, PerformingLab lab) {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            String heading = lab.name() + " (" + lab.odsCode() + "), " + MOMENT.format(report.takenAt()) + " UK time";
            pdf.getDocumentInformation().setTitle("Security posture: " + heading);
            pdf.getDocumentInformation().setCreator("PathGuard");
            PosturePdf writer = new PosturePdf(pdf);
            writer.newPage();
            writer.text(writer.bold, 16, "Security posture against the Cyber Assessment Framework");
            writer.text(writer.bold, 11, heading);
            writer.text(writer.regular, 9, "Automated indicators were taken from the live system at that time; manual ones are "
                    + "attested by a named person and lapse a year after. An outcome is rated by its worst indicator.");
            for (OutcomeStatus outcome : report.outcomes()) {
                writer.outcome(outcome);
            }
            writer.content.close();
            writer.footers(heading);
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the posture's PDF", e);
        }
    }

    private void outcome(OutcomeStatus outcome) throws IOException {
        room(60);
        y -= 8;
        text(bold, 12, outcome.outcome().code() + " " + outcome.outcome().title() + ": " + words(outcome.rating()));
        for (Reading reading : outcome.readings()) {
            room(40);
            y -= 3;
            text(bold, 9, words(reading.rating()) + " - " + reading.indicator().title());
            text(regular, 9, reading.finding());
            text(regular, 8, reading.indicator().id() + ", " + reading.indicator().kind().name().toLowerCase(Locale.ROOT)
                    + ", taken " + MOMENT.format(reading.takenAt()));
            for (Evidence evidence : reading.evidence()) {
                text(regular, 8, "    " + evidence.name() + ": " + evidence.value());
            }
        }
    }

    static String words(Rating rating) {
        return switch (rating) {
            case ACHIEVED -> "Achieved";
            case PARTIALLY_ACHIEVED -> "Partially achieved";
            case NOT_ACHIEVED -> "Not achieved";
        };
    }

    /** Text wrapped to the page's width, continuing on a new page when the page is full. */
    private void text(PDType0Font font, float size, String text) throws IOException {
        for (String line : wrap(text, font, size)) {
            room(size * 1.35f);
            y -= size * 1.35f;
            content.beginText();
            content.newLineAtOffset(MARGIN, y);
            PdfFonts.show(content, size, line, font, regular);
            content.endText();
        }
    }

    private List<String> wrap(String text, PDType0Font font, float size) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : breakLong(text, font, size).split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && PdfFonts.width(size, candidate, font, regular) > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** A word wider than the page (a long link to the evidence) is broken where it must be, never run off the edge. */
    private String breakLong(String text, PDType0Font font, float size) {
        StringBuilder out = new StringBuilder();
        for (String word : text.split(" ", -1)) {
            StringBuilder piece = new StringBuilder();
            for (int c : word.codePoints().toArray()) {
                if (!piece.isEmpty() && PdfFonts.width(size, piece + Character.toString(c), font, regular) > WIDTH) {
                    out.append(piece).append(' ');
                    piece.setLength(0);
                }
                piece.appendCodePoint(c);
            }
            out.append(piece).append(' ');
        }
        return out.toString().stripTrailing();
    }

    private void room(float needed) throws IOException {
        if (y - needed < BOTTOM) {
            content.close();
            newPage();
        }
    }

    private void newPage() throws IOException {
        PDPage page = new PDPage(PAGE);
        pdf.addPage(page);
        content = new PDPageContentStream(pdf, page);
        y = PAGE.getHeight() - MARGIN;
    }

    private void footers(String heading) throws IOException {
        int pages = pdf.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(pdf, pdf.getPage(i), PDPageContentStream.AppendMode.APPEND, true)) {
                footer.beginText();
                footer.newLineAtOffset(MARGIN, MARGIN);
                PdfFonts.show(footer, 7, "Security posture: " + heading + ". Page " + (i + 1) + " of " + pages, regular);
                footer.endText();
            }
        }
    }
}
