package org.pathguard.breach;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.export.ExportQuery;
import org.pathguard.export.Exports;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NhsNumber;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scan against a real lab (PostgreSQL, the registry's blind indexes, the event log): a small planted dump of plain
 * text and a ZIP, the outputs' rows, the event with its sealed findings, resume after a crash midway without reading a
 * finished file again or counting it twice, the refusals, and no identifier in clear in anything the scan wrote.
 */
class BreachScansTest extends LabServerTest {

    static final Actor OFFICER = new Actor("po.breachscan", Actor.Role.AUDITOR, LAB, null);

    @Autowired
    ScanVocabulary vocabulary;
    @Autowired
    RegistryIndexes indexes;
    @Autowired
    EventLog log;
    @Autowired
    FieldCipher cipher;
    @Autowired
    InstantSource clock;
    @Autowired
    Exports exports;
    /** The lab's own reading: plain text here, the ZIP through a reader process. */
    @Autowired
    FileReading reading;

    @TempDir
    Path temp;

    /** The planted people: their values, to plant and to look for in what the scan wrote. */
    record Person(String id, String family, String given, String nhsNumber, String hospitalNumber) {
    }

    Person letter;
    Person ward;
    Person nameAlone;
    String strangersNhsNumber;
    String exportId;
    Path dump;

    private BreachScans scans(FileReading reading, int workers) {
        return new BreachScans(reading, vocabulary, indexes, log, cipher, db, clock, workers);
    }

    private Api gp() {
        return api("dr.breachscan", "REQUESTER");
    }

    /** A valid NHS number in the English range, not the 999 test range (those are test patients, never listed). */
    private static String englishNhsNumber() {
        while (true) {
            String nine = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
            var n = NhsNumber.withCheckDigit(nine);
            if (n.isPresent()) {
                return n.get().value();
            }
        }
    }

    private Person register(boolean ordered) {
        Person p = new Person(null, Api.randomName(11), Api.randomName(9), englishNhsNumber(),
                "RX" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000)));
        var r = gp().post("/api/patients", Map.of("nhsNumber", p.nhsNumber(), "hospitalNumber", p.hospitalNumber(),
                "familyName", p.family(), "givenName", p.given(), "dateOfBirth", "1961-03-14", "sex", "FEMALE",
                "postcode", "SE5 9RS"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        if (ordered) {
            var placed = gp().post("/api/orders", Map.of("patientId", id, "requesterOds", PRACTICE, "clinician", "Dr Scan",
                    "priority", "ROUTINE", "placerOrderNumber", Api.unique("BS"), "tests", List.of("UE"),
                    "specimens", List.of(Map.of("barcode", Api.unique("BS"), "specimenType", "SER",
                            "collectedAt", Instant.now().minus(Duration.ofHours(1)).toString()))));
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        }
        return new Person(id, p.family(), p.given(), p.nhsNumber(), p.hospitalNumber());
    }

    private static String spaced(String nhs) {
        return nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6);
    }

    @BeforeEach
    void plant() throws IOException {
        letter = register(true);
        ward = register(true);
        nameAlone = register(false);
        strangersNhsNumber = englishNhsNumber();
        Actor scientist = new Actor("bms.breachexport", Actor.Role.SCIENTIST, LAB, null);
        Exports.Entry export = exports.request(scientist, new ExportQuery(null, LocalDate.now(LabTime.ZONE).minusDays(1),
                LocalDate.now(LabTime.ZONE), PRACTICE, false, "Potassium audit for the practice", ExportQuery.Format.CSV));
        exportId = export.id().toString();
        byte[] exported = exports.produce(scientist, export.id()).content();

        dump = temp.resolve("dump");
        Files.createDirectories(dump.resolve("letters"));
        Files.writeString(dump.resolve("letters/referral.txt"), """
                Re: %s %s
                Name: %s %s
                DOB: 14/03/1961
                NHS number: %s
                Potassium 5.9 mmol/L
                """.formatted(letter.given(), letter.family(), letter.given(), letter.family(), spaced(letter.nhsNumber())));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dump.resolve("results.zip")))) {
            zip.putNextEntry(new ZipEntry("ward.csv"));
            zip.write("Hospital number,Test,Result\n%s,Potassium,5.1\n".formatted(ward.hospitalNumber()).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.writeString(dump.resolve("names.txt"), "Patient: %s, %s\n".formatted(nameAlone.family(), nameAlone.given()));
        Files.writeString(dump.resolve("other.txt"), "Referred elsewhere: NHS %s\n".formatted(strangersNhsNumber));
        Files.write(dump.resolve("export.csv"), exported);
    }

    private static final List<String> FILES = List.of("dump/export.csv", "dump/letters/referral.txt", "dump/names.txt",
            "dump/other.txt", "dump/results.zip");

    @Test
    void findsThePlantedPatientsAndRecordsTheScan() throws Exception {
        Path out = temp.resolve("out");
        List<ScanStatus> statuses = new ArrayList<>();
        ScanReport report = scans(reading, 2).scan(new ScanRequest(List.of(dump), out, "ICO-2026-0412", OFFICER),
                statuses::add);

        String written = Files.readString(out.resolve("affected-patients.csv")) + Files.readString(out.resolve("files.csv"));
        assertThat(report.files()).isEqualTo(5);
        assertThat(report.filesResumed()).isZero();
        assertThat(report.confirmedPatients()).as(written).isEqualTo(2);
        assertThat(report.possiblePatients()).isEqualTo(1);
        assertThat(report.otherControllersNhsNumbers()).isEqualTo(1);
        assertThat(report.exportsTraced()).isEqualTo(1);
        assertThat(report.patientsByOrganisation()).isEqualTo(Map.of(PRACTICE, 2));
        assertThat(report.outputs()).extracting(p -> p.getFileName().toString())
                .containsExactly("affected-patients.csv", "files.csv", "summary.json", "summary.pdf");
        ScanStatus last = statuses.getLast();
        assertThat(last.filesDone()).isEqualTo(5);
        assertThat(last.bytesDone()).isEqualTo(last.bytesTotal());

        List<List<String>> patients = csv(out.resolve("affected-patients.csv"));
        assertThat(patients.getFirst()).containsExactly("patient_id", "match", "identifiers", "data_categories", "files", "organisations");
        assertThat(row(patients, letter.id())).containsExactly(letter.id(), "confirmed", "name; name+date-of-birth; nhs-number",
                "NHS number; name; date of birth; test names; result values", "dump/letters/referral.txt", PRACTICE);
        List<String> w = row(patients, ward.id());
        assertThat(w.subList(1, 3)).containsExactly("confirmed", "hospital-number");
        assertThat(w.subList(4, 6)).containsExactly("dump/results.zip", PRACTICE);
        assertThat(row(patients, nameAlone.id())).containsExactly(nameAlone.id(), "possible", "name", "name", "dump/names.txt", "");
        assertThat(patients).hasSize(4);

        List<List<String>> files = csv(out.resolve("files.csv"));
        assertThat(files.getFirst()).containsExactly("path", "type", "bytes", "characters", "hits", "organisations",
                "export_traced", "errors");
        assertThat(files.subList(1, files.size())).extracting(r -> r.getFirst()).containsExactlyElementsOf(FILES);
        assertThat(files.get(2).subList(1, 6)).containsExactly("text/plain", Long.toString(Files.size(dump.resolve("letters/referral.txt"))),
                Long.toString(Files.readString(dump.resolve("letters/referral.txt")).length()), "1", PRACTICE);
        assertThat(files.get(5).subList(4, 6)).containsExactly("1", PRACTICE);
        assertThat(files.get(4).get(4)).as("the stranger is counted, not listed").isEqualTo("0");
        assertThat(files.get(1).get(6)).contains("export " + exportId, "asked for by bms.breachexport");

        JsonNode summary = Api.JSON.readTree(Files.readString(out.resolve("summary.json")));
        assertThat(summary.get("caseReference").asString()).isEqualTo("ICO-2026-0412");
        assertThat(summary.get("confirmedPatients").asInt()).isEqualTo(2);
        assertThat(summary.get("possiblePatients").asInt()).isEqualTo(1);
        assertThat(summary.get("otherControllersNhsNumbers").asInt()).isEqualTo(1);
        assertThat(summary.get("eventSequence").asLong()).isEqualTo(report.eventSequence());
        assertThat(summary.get("exportsTraced").get(0).get("exportId").asString()).isEqualTo(exportId);
        try (var pdf = Loader.loadPDF(out.resolve("summary.pdf").toFile())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Breach scan for case ICO-2026-0412",
                    "2 of the lab's patients confirmed", PRACTICE);
        }

        List<RecordedEvent> events = new ArrayList<>();
        log.events(report.eventSequence() - 1, report.eventSequence(), events::add);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("BreachScanRecorded");
            assertThat(e.actor()).isEqualTo(OFFICER.logName());
            BreachScanRecorded recorded = e.payloadAs(BreachScanRecorded.class);
            assertThat(recorded.caseReference()).isEqualTo("ICO-2026-0412");
            assertThat(recorded.files()).extracting(BreachScanRecorded.ScannedFile::path).containsExactlyElementsOf(FILES);
            assertThat(recorded.files().get(1).sha256()).isEqualTo(sha256(dump.resolve("letters/referral.txt")));
            ScanSummary findings = cipher.openJson(recorded.findings(), BreachScanRecorded.findingsBinding(recorded.scanId()),
                    ScanSummary.class);
            assertThat(findings.confirmedPatients()).isEqualTo(2);
            assertThat(findings.confirmedByOrganisation()).isEqualTo(Map.of(PRACTICE, 2));
        });
        assertNoIdentifierIn(out);
    }

    /** A crash stands for any way a scan stops midway: the journal keeps what was finished. */
    static final class PowerCut extends Error {
    }

    @Test
    void anInterruptedScanContinuesWhereItStoppedWithoutCountingTwice() throws Exception {
        Path out = temp.resolve("out");
        FileReading cutAtNames = (file, pathInDump, visitor) -> {
            if (pathInDump.equals("dump/names.txt")) {
                throw new PowerCut();
            }
            return reading.read(file, pathInDump, visitor);
        };
        ScanRequest request = new ScanRequest(List.of(dump), out, "ICO-2026-0413", OFFICER);
        long before = log.lastSequence();
        assertThatThrownBy(() -> scans(cutAtNames, 1).scan(request, ScanProgress.NONE)).hasCauseInstanceOf(PowerCut.class);
        assertThat(Files.readAllLines(out.resolve(ScanJournal.NAME))).as("the header and the two files finished").hasSize(3);
        assertThat(out.resolve("affected-patients.csv")).doesNotExist();
        assertThat(eventsSince(before)).doesNotContain("BreachScanRecorded");

        AtomicInteger reads = new AtomicInteger();
        FileReading counting = (file, pathInDump, visitor) -> {
            reads.incrementAndGet();
            return reading.read(file, pathInDump, visitor);
        };
        ScanReport resumed = scans(counting, 2).scan(request, ScanProgress.NONE);
        assertThat(reads).as("only the files not finished before").hasValue(3);
        assertThat(resumed.filesResumed()).isEqualTo(2);
        assertThat(resumed.files()).isEqualTo(5);

        Path whole = temp.resolve("whole");
        ScanReport uninterrupted = scans(reading, 2).scan(new ScanRequest(List.of(dump), whole, "ICO-2026-0413", OFFICER),
                ScanProgress.NONE);
        assertThat(Files.readString(out.resolve("affected-patients.csv"))).isEqualTo(Files.readString(whole.resolve("affected-patients.csv")));
        assertThat(Files.readString(out.resolve("files.csv"))).isEqualTo(Files.readString(whole.resolve("files.csv")));
        assertThat(List.of(resumed.confirmedPatients(), resumed.possiblePatients(), resumed.otherControllersNhsNumbers()))
                .isEqualTo(List.of(uninterrupted.confirmedPatients(), uninterrupted.possiblePatients(), uninterrupted.otherControllersNhsNumbers()))
                .isEqualTo(List.of(2, 1, 1));
        assertNoIdentifierIn(out);
    }

    @Test
    void refusesBeforeWritingAnything() throws IOException {
        Path out = temp.resolve("refused");
        BreachScans scans = scans(reading, 1);
        long before = log.lastSequence();
        for (Actor.Role role : List.of(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER, Actor.Role.ADMINISTRATOR,
                Actor.Role.INTERFACE)) {
            assertThatThrownBy(() -> scans.scan(new ScanRequest(List.of(dump), out, "ICO-1", new Actor("x", role, LAB, null)),
                    ScanProgress.NONE)).isInstanceOf(ForbiddenAction.class);
        }
        assertThatThrownBy(() -> scans.scan(new ScanRequest(List.of(dump), out, " ", OFFICER), ScanProgress.NONE))
                .isInstanceOf(LabRuleViolation.class);
        assertThatThrownBy(() -> scans.scan(new ScanRequest(List.of(temp.resolve("nowhere")), out, "ICO-1", OFFICER), ScanProgress.NONE))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("no such file or directory");
        assertThatThrownBy(() -> scans.scan(new ScanRequest(List.of(dump), dump.resolve("out"), "ICO-1", OFFICER), ScanProgress.NONE))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("inside");
        assertThat(out).doesNotExist();
        assertThat(dump.resolve("out")).doesNotExist();

        scans.scan(new ScanRequest(List.of(dump), out, "ICO-1", OFFICER), ScanProgress.NONE);
        String journal = Files.readString(out.resolve(ScanJournal.NAME));
        assertThatThrownBy(() -> scans.scan(new ScanRequest(List.of(dump), out, "ICO-2", OFFICER), ScanProgress.NONE))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("holds the scan of case ICO-1");
        assertThat(Files.readString(out.resolve(ScanJournal.NAME))).isEqualTo(journal);
        assertThat(eventsSince(before)).containsExactly("BreachScanRecorded");
    }

    private List<String> eventsSince(long sequence) {
        List<String> types = new ArrayList<>();
        log.events(sequence, log.lastSequence(), e -> {
            if (e.type().startsWith("Breach")) {
                types.add(e.type());
            }
        });
        return types;
    }

    /** Nothing the scan wrote (outputs, journal) holds a planted name, number or date of birth. */
    private void assertNoIdentifierIn(Path out) throws IOException {
        List<String> values = new ArrayList<>(List.of("14/03/1961", "1961-03-14", strangersNhsNumber));
        for (Person p : List.of(letter, ward, nameAlone)) {
            values.addAll(List.of(p.family().toLowerCase(Locale.ROOT), p.given().toLowerCase(Locale.ROOT), p.nhsNumber(),
                    spaced(p.nhsNumber()), p.hospitalNumber().toLowerCase(Locale.ROOT)));
        }
        try (Stream<Path> written = Files.list(out)) {
            for (Path f : written.toList()) {
                String text = f.toString().endsWith(".pdf")
                        ? new PDFTextStripper().getText(Loader.loadPDF(f.toFile())) : Files.readString(f);
                String lower = text.toLowerCase(Locale.ROOT);
                assertThat(values).as(f.getFileName() + " holds no identifier in clear").noneMatch(lower::contains);
            }
        }
    }

    private static List<String> row(List<List<String>> rows, String patientId) {
        return rows.stream().filter(r -> r.getFirst().equals(patientId)).findFirst().orElseThrow(
                () -> new AssertionError("no row for " + patientId + " in " + rows));
    }

    /** The CSV's rows, each cell unquoted (the outputs quote only cells holding commas or quotes). */
    private static List<List<String>> csv(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = !quoted;
                    }
                } else if (c == ',' && !quoted) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            rows.add(cells);
        }
        return rows;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
