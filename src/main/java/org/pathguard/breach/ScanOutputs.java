package org.pathguard.breach;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.pathguard.breach.detect.DataCategory;
import org.pathguard.export.Exports;
import org.pathguard.export.PdfFonts;
import org.pathguard.lab.LabTime;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes the scan's outputs into its directory: affected-patients.csv, files.csv, summary.json and summary.pdf. Every
 * CSV cell goes through {@link Exports#cell} (quoted, and never a formula a spreadsheet would run: a leaked file's
 * path may start with "="). Each output is written to a temporary file and moved into place, so an output present is
 * whole.
 */
final class ScanOutputs {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(LabTime.ZONE);
    private static final String LIST = "; ";

    private ScanOutputs() {
    }

    static List<Path> write(Path dir, ScanSummary summary, long eventSequence, List<Findings.Patient> patients,
                            List<FileResult> files, Map<UUID, Set<String>> requesters) {
        Map<String, ScanSummary.TracedExport> traced = summary.exportsTraced().stream()
                .collect(Collectors.toMap(ScanSummary.TracedExport::fingerprint, t -> t));
        Path affected = dir.resolve(ScanReport.AFFECTED_PATIENTS);
        Path filesCsv = dir.resolve(ScanReport.FILES);
        Path json = dir.resolve(ScanReport.SUMMARY_JSON);
        Path pdf = dir.resolve(ScanReport.SUMMARY_PDF);
        csv(affected, List.of("patient_id", "match", "identifiers", "data_categories", "files", "organisations"),
                patients.stream().map(p -> List.of(p.patientId().toString(), p.confirmed() ? "confirmed" : "possible",
                        String.join(LIST, p.identifiers()), words(p.categories()), String.join(LIST, p.files()),
                        String.join(LIST, p.organisations()))).toList());
        csv(filesCsv, List.of("path", "type", "bytes", "characters", "hits", "organisations", "export_traced", "errors"),
                files.stream().map(f -> List.of(f.pathInDump(), f.type() == null ? "" : f.type(), Long.toString(f.bytes()),
                        Long.toString(f.characters()), Integer.toString(f.patients().size()),
                        String.join(LIST, Findings.organisations(f, requesters)),
                        f.fingerprints().stream().map(fp -> traced(fp, traced.get(fp))).collect(Collectors.joining(LIST)),
                        String.join(LIST, f.errors()))).toList());
        ObjectNode tree = JSON.valueToTree(summary);
        tree.put("eventSequence", eventSequence);
        replace(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
        replace(pdf, pdf(summary, eventSequence));
        return List.of(affected, filesCsv, json, pdf);
    }

    private static String words(Collection<DataCategory> categories) {
        return categories.stream().map(DataCategory::words).collect(Collectors.joining(LIST));
    }

    private static String traced(String fingerprint, ScanSummary.TracedExport t) {
        if (t == null) {
            return "fingerprint " + fingerprint + ": not in this lab's export register";
        }
        return "export " + t.exportId() + " (fingerprint " + fingerprint + ") asked for by " + t.requestedBy() + " "
                + WHEN.format(t.requestedAt()) + (t.decidedBy() == null ? "" : ", approved by " + t.decidedBy() + " "
                + WHEN.format(t.decidedAt())) + (t.producedAt() == null ? "" : ", made " + WHEN.format(t.producedAt()));
    }

    private static void csv(Path path, List<String> header, List<List<String>> rows) {
        Path temporary = path.resolveSibling(path.getFileName() + ".part");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            out.write(String.join(",", header));
            out.write('\n');
            for (List<String> row : rows) {
                out.write(row.stream().map(Exports::cell).collect(Collectors.joining(",")));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + path, e);
        }
        move(temporary, path);
    }

    private static void replace(Path path, byte[] content) {
        Path temporary = path.resolveSibling(path.getFileName() + ".part");
        try {
            Files.write(temporary, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + path, e);
        }
        move(temporary, path);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + to, e);
        }
    }

    private static final float SIZE = 10;
    private static final float LEADING = 14;
    private static final float MARGIN = 50;
    /** The unreadable documents the page lists by name; files.csv lists them all. */
    private static final int MOST_UNREADABLE = 200;

    /** The privacy officer's page for the ICO report: what was scanned, whose data, which kinds, what could not be read. */
    static byte[] pdf(ScanSummary s, long eventSequence) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[]{"B", "Breach scan for case " + s.caseReference()});
        lines.add(new String[]{"", "Scanned by " + s.scannedBy() + ", " + WHEN.format(s.started()) + " to " + WHEN.format(s.finished())
                + "; recorded as event " + eventSequence + " of the lab's log"});
        lines.add(new String[]{"", "%,d files (%,d bytes), %,d documents, %,d characters read".formatted(s.files(), s.bytes(),
                s.documents(), s.characters())});
        lines.add(new String[]{"", ""});
        lines.add(new String[]{"B", "People"});
        lines.add(new String[]{"", "%,d of the lab's patients confirmed in the dump".formatted(s.confirmedPatients())});
        lines.add(new String[]{"", "%,d more possibly (a name alone, or a number whose name disagrees): to review".formatted(s.possiblePatients())});
        lines.add(new String[]{"", "%,d valid NHS numbers of people the lab has never seen (other controllers' patients)".formatted(s.otherControllersNhsNumbers())});
        lines.add(new String[]{"", "%,d mentions of the lab's test patients (not real people; not listed)".formatted(s.testPatientMentions())});
        lines.add(new String[]{"", ""});
        lines.add(new String[]{"B", "Confirmed patients by data exposed"});
        s.confirmedByCategory().forEach((category, n) -> lines.add(new String[]{"", "%-24s %,d".formatted(category, n)}));
        lines.add(new String[]{"", ""});
        lines.add(new String[]{"B", "Confirmed patients by organisation (ODS code)"});
        s.confirmedByOrganisation().forEach((ods, n) -> lines.add(new String[]{"", "%-24s %,d".formatted(ods, n)}));
        lines.add(new String[]{"", ""});
        lines.add(new String[]{"B", "PathGuard exports found (" + s.exportsTraced().size() + ")"});
        for (ScanSummary.TracedExport t : s.exportsTraced()) {
            lines.add(new String[]{"", traced(t.fingerprint(), t.exportId() == null ? null : t)});
            lines.add(new String[]{"", "    in " + String.join(LIST, t.files())});
        }
        lines.add(new String[]{"", ""});
        lines.add(new String[]{"B", "Not read (" + s.unreadableDocuments().size() + ")"});
        s.unreadableDocuments().stream().limit(MOST_UNREADABLE).forEach(u -> lines.add(new String[]{"", u}));
        if (s.unreadableDocuments().size() > MOST_UNREADABLE) {
            lines.add(new String[]{"", "and " + (s.unreadableDocuments().size() - MOST_UNREADABLE) + " more: see files.csv"});
        }
        try (PDDocument pdf = new PDDocument(); var out = new java.io.ByteArrayOutputStream()) {
            PDType0Font[] regular = {PdfFonts.load(pdf, PdfFonts.Face.MONO), PdfFonts.load(pdf, PdfFonts.Face.SANS)};
            PDType0Font[] bold = {PdfFonts.load(pdf, PdfFonts.Face.SANS_BOLD)};
            pdf.getDocumentInformation().setTitle("Breach scan " + s.caseReference());
            PDRectangle a4 = PDRectangle.A4;
            int perPage = (int) ((a4.getHeight() - 2 * MARGIN) / LEADING);
            int columns = (int) ((a4.getWidth() - 2 * MARGIN) / (SIZE * 0.6f));
            List<String[]> wrapped = new ArrayList<>();
            for (String[] line : lines) {
                String rest = line[1];
                do {
                    wrapped.add(new String[]{line[0], rest.substring(0, Math.min(rest.length(), columns))});
                    rest = rest.length() > columns ? "    " + rest.substring(columns) : "";
                } while (!rest.isEmpty());
            }
            for (int from = 0; from < wrapped.size(); from += perPage) {
                PDPage page = new PDPage(a4);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    float y = a4.getHeight() - MARGIN;
                    for (String[] line : wrapped.subList(from, Math.min(wrapped.size(), from + perPage))) {
                        content.beginText();
                        content.newLineAtOffset(MARGIN, y);
                        PdfFonts.show(content, SIZE, line[1], line[0].equals("B") ? bold : regular);
                        content.endText();
                        y -= LEADING;
                    }
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the summary PDF", e);
        }
    }
}
