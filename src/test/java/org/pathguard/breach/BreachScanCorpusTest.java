package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathguard.LabServerTest;
import org.pathguard.PathGuardApplication;
import org.pathguard.access.Actor;
import org.pathguard.bench.PlantedCorpus;
import org.pathguard.bench.ScanCsv;
import org.pathguard.breach.detect.Names;
import org.pathguard.cli.DemoAtRestTest;
import org.pathguard.database.DatabaseServer;
import org.pathguard.export.ExportQuery;
import org.pathguard.export.Exports;
import org.pathguard.lab.LabTime;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breach scan end to end on a lab of its own: the planted corpus's patients registered and sent by their
 * requesters, a PathGuard export made and leaked with them, the dump written in every format by the reader's
 * SampleDocuments, and the privacy officer's scan through {@link BreachScans} with the real reader process. The
 * outputs must name exactly the confirmed and the possible patients, the controllers of each file, the export with
 * who asked for it, and every unreadable file; and after the scan no identifier of a planted person is in clear in
 * the output files, the application's log or the database.
 */
@SpringBootTest(classes = PathGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class BreachScanCorpusTest {

    private static final Actor PRIVACY_OFFICER = new Actor("privacy.officer", Actor.Role.AUDITOR);
    /** The outputs name a file by its path under the directory scanned, that directory's name first. */
    private static final String DUMP = "dump/";
    private static final Actor SCIENTIST = new Actor("bms.exporter", Actor.Role.SCIENTIST);

    @DynamicPropertySource
    static void ownLab(DynamicPropertyRegistry registry) {
        LabServerTest.freshStore(registry);
    }

    @Autowired
    PatientRegistry registry;
    @Autowired
    OrderDesk orders;
    @Autowired
    Exports exports;
    @Autowired
    BreachScans scans;
    @Autowired
    DatabaseServer database;

    @Test
    void theScanFindsExactlyThePlantedPatientsTheirControllersTheLeakedExportAndTheUnreadableFiles(CapturedOutput log, @TempDir Path work)
            throws Exception {
        PlantedCorpus corpus = new PlantedCorpus();
        Map<String, UUID> ids = corpus.register(registry, orders);
        PlantedCorpus.Answers answers = corpus.answers();

        Path dump = work.resolve("dump");
        corpus.write(dump, work.resolve("staging"), PlantedCorpus.SampleWriter.besideBuild());
        var export = exports.request(SCIENTIST, new ExportQuery(null, LocalDate.of(2020, 1, 1), LocalDate.now(LabTime.ZONE),
                null, false, "Audit of potassium results for the renal network", ExportQuery.Format.CSV));
        Exports.File leaked = exports.produce(SCIENTIST, export.id());
        Files.createDirectories(dump.resolve("z-exports"));
        Files.write(dump.resolve("z-exports").resolve(leaked.name()), leaked.content());

        Path out = work.resolve("out");
        ScanReport report = scans.scan(new ScanRequest(List.of(dump), out, "ICO-2026-0018", PRIVACY_OFFICER), ScanProgress.NONE);

        Map<String, String> keyOf = ids.entrySet().stream().collect(Collectors.toMap(e -> e.getValue().toString(), Map.Entry::getKey));
        List<Map<String, String>> affected = ScanCsv.read(out.resolve(ScanReport.AFFECTED_PATIENTS));
        Set<String> confirmed = affected.stream().filter(r -> r.get("match").equals("confirmed"))
                .map(r -> keyOf.getOrDefault(r.get("patient_id"), "unknown " + r.get("patient_id"))).collect(Collectors.toSet());
        Set<String> possible = affected.stream().filter(r -> r.get("match").equals("possible"))
                .map(r -> keyOf.getOrDefault(r.get("patient_id"), "unknown " + r.get("patient_id"))).collect(Collectors.toSet());
        assertThat(confirmed).as("confirmed").containsExactlyInAnyOrderElementsOf(answers.confirmed());
        assertThat(possible).as("possible").containsExactlyInAnyOrderElementsOf(answers.possible());
        assertThat(report.confirmedPatients()).isEqualTo(answers.confirmed().size());
        assertThat(report.possiblePatients()).isEqualTo(answers.possible().size());
        assertThat(report.otherControllersNhsNumbers()).as("strangers' valid NHS numbers, counted not listed")
                .isEqualTo(answers.otherControllersNhsNumbers());

        Map<String, Map<String, String>> files = ScanCsv.read(out.resolve(ScanReport.FILES)).stream()
                .collect(Collectors.toMap(r -> r.get("path"), r -> r, (a, b) -> a, LinkedHashMap::new));
        answers.organisations().forEach((path, organisations) -> assertThat(list(files.get(DUMP + path).get("organisations")))
                .as("organisations of " + path).containsExactlyInAnyOrderElementsOf(organisations));
        for (String unreadable : answers.unreadable()) {
            assertThat(files.get(DUMP + unreadable).get("errors")).as("errors of " + unreadable).isNotBlank();
        }
        assertThat(files.entrySet().stream().filter(f -> !f.getValue().get("errors").isBlank()).map(Map.Entry::getKey))
                .as("files with errors").containsAll(answers.unreadable().stream().map(p -> DUMP + p).toList());
        assertThat(files.get(DUMP + "a-results/potassium-2024.csv").get("errors")).isBlank();
        String traced = files.get(DUMP + "z-exports/" + leaked.name()).get("export_traced");
        assertThat(traced).contains(export.id().toString()).contains(SCIENTIST.name());
        assertThat(report.exportsTraced()).isEqualTo(1);

        Set<String> secrets = secrets(corpus);
        Set<String> outputTokens = new HashSet<>();
        for (Path file : DemoAtRestTest.regularFiles(out)) {
            outputTokens.addAll(DemoAtRestTest.tokens(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)));
        }
        assertThat(DemoAtRestTest.found(outputTokens, secrets)).as("identifiers in clear in the scan's outputs").isEmpty();
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(log.getAll()), secrets)).as("identifiers in clear in the log").isEmpty();
        String pgDump = DemoAtRestTest.dump(database);
        assertThat(pgDump).contains("COPY public.event_log");
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(DemoAtRestTest.decodeHex(pgDump)), secrets))
                .as("identifiers in clear in pg_dump after the scan").isEmpty();
    }

    /** What the corpus's people are identified by, as the at-rest tests search for them (runs of letters or digits). */
    private static Set<String> secrets(PlantedCorpus corpus) {
        Set<String> secrets = new HashSet<>();
        for (PlantedCorpus.Person person : corpus.patients()) {
            for (String name : List.of(person.family(), person.given())) {
                secrets.add(name.matches("[A-Za-z]+") ? name : Names.normalise(name));
                secrets.add(Names.normalise(name));
            }
            secrets.add(person.nhsNumber());
            secrets.add(person.hospitalNumber());
            secrets.add(person.dateOfBirth().toString());
            secrets.add(person.dateOfBirth().format(DateTimeFormatter.BASIC_ISO_DATE));
            secrets.add(person.postcode().replace(" ", ""));
        }
        return secrets;
    }

    private static List<String> list(String cell) {
        return cell == null || cell.isBlank() ? List.of() : List.of(cell.split("; "));
    }
}
