package org.pathguard.breach;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.breach.detect.DataCategory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The outputs as a spreadsheet and a reader see them. */
class ScanOutputsTest {

    @TempDir
    Path dir;

    private static final UUID PATIENT = UUID.fromString("6f1c2b9e-0000-4000-8000-000000000001");

    private static ScanSummary summary(List<String> unreadable) {
        return new ScanSummary(UUID.randomUUID(), "ICO-2026-0412", "po.officer", Instant.parse("2026-12-07T09:00:00Z"),
                Instant.parse("2026-12-07T10:30:00Z"), 2, 0, 3, 300, 280, 1, 0, 4, 0,
                Map.of("NHS number", 1, "test names", 1), Map.of("G85001", 1), List.of(), unreadable);
    }

    @Test
    void aPathThatLooksLikeAFormulaIsWrittenAsText() throws IOException {
        FileResult file = new FileResult("=HYPERLINK(\"http://x\",\"open\").txt", 100, 1, "ab", "text/plain", 1, 90,
                List.of(new Match(PATIENT, true, Set.of("nhs-number"), Set.of(DataCategory.NHS_NUMBER))), Set.of(), 0,
                Set.of("Y01234"), Set.of(), List.of("@SUM(A1).zip/x.docx: corrupt"));
        ScanOutputs.write(dir, summary(List.of()), 7, List.of(new Findings.Patient(PATIENT, true, Set.of("nhs-number"),
                Set.of(DataCategory.NHS_NUMBER), Set.of(file.pathInDump()), Set.of("G85001"))), List.of(file),
                Map.of(PATIENT, Set.of("G85001")));
        List<String> files = Files.readAllLines(dir.resolve("files.csv"));
        assertThat(files).containsExactly("path,type,bytes,characters,hits,organisations,export_traced,errors",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"open\"\").txt\",text/plain,100,90,1,G85001; Y01234,,'@SUM(A1).zip/x.docx: corrupt");
        assertThat(Files.readAllLines(dir.resolve("affected-patients.csv"))).containsExactly(
                "patient_id,match,identifiers,data_categories,files,organisations",
                PATIENT + ",confirmed,nhs-number,NHS number,\"'=HYPERLINK(\"\"http://x\"\",\"\"open\"\").txt\",G85001");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no part-written output left")
                    .containsExactlyInAnyOrder("affected-patients.csv", "files.csv", "summary.json", "summary.pdf");
        }
    }

    @Test
    void theSummaryPageListsWhatWasNotReadAndSaysHowManyMore() throws IOException {
        List<String> unreadable = java.util.stream.IntStream.range(0, 205).mapToObj(i -> "dump/f" + i + ".pdf: not read: no OCR yet").toList();
        byte[] pdf = ScanOutputs.pdf(summary(unreadable), 7);
        try (var document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Breach scan for case ICO-2026-0412", "recorded as event 7", "1 of the lab's patients confirmed",
                    "4 valid NHS numbers", "NHS number", "G85001", "dump/f199.pdf: not read: no OCR yet", "and 5 more: see files.csv");
            assertThat(text).doesNotContain("dump/f200.pdf");
        }
    }
}
