package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Actor;
import org.pathguard.breach.detect.Excerpt;
import org.pathguard.breach.detect.Names;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.lab.Sex;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pathguard breach index} on a lab's data directory with the server stopped, as an operator runs it after V24. */
class BreachIndexCommandTest {

    @Test
    void theCommandIndexesPatientsRegisteredBeforeTheIndexesOnceAndPrintsOnlyCounts(@TempDir Path dataDir) {
        Actor ward = new Actor("bic.ward", Actor.Role.REQUESTER, "G85001", null);
        Patient ada;
        try (StandaloneLab lab = StandaloneLab.start(dataDir)) {
            PatientRegistry registry = lab.bean(PatientRegistry.class);
            ada = registry.register(ward, new Registration("4010232137", "RX123456", "Lovelace-Byron", "Augusta Ada",
                    LocalDate.of(1915, 12, 10), Sex.FEMALE, "SE1 9RT"));
            registry.register(ward, new Registration("4505577104", null, "Babbage", "Charles", LocalDate.of(1921, 12, 26),
                    Sex.MALE, null));
            // As a database from before V24 has them.
            JdbcClient db = lab.bean(JdbcClient.class);
            db.sql("update patient set family_birth_index = null, name_index = null, hospital_shape = null").update();
        }

        String first = run("breach", "index", "--data-dir", dataDir.toString());
        assertThat(first).contains("Indexed 2 patients for breach matching (0 had their indexes already)")
                .contains("Hospital-number shape LLDDDDDD: 1 patients");
        String second = run("breach", "index", "--data-dir", dataDir.toString());
        assertThat(second).contains("Indexed 0 patients for breach matching (2 had their indexes already)")
                .contains("Hospital-number shape LLDDDDDD: 1 patients");
        for (String printed : List.of(first, second)) {
            assertThat(printed).doesNotContain("4010232137", "RX123456", "Lovelace", "LOVELACE", "Babbage", "1915-12-10");
        }

        try (StandaloneLab lab = StandaloneLab.start(dataDir)) {
            Excerpt letter = new Excerpt("dump/letter.docx", 1, List.of(), List.of(), List.of(LocalDate.of(1915, 12, 10)),
                    List.of(new Names.Candidate(Names.normalise("LOVELACE BYRON"), Names.firstGiven("Augusta"))), true,
                    List.of(), List.of(), Set.of());
            assertThat(lab.bean(RegistryIndexes.class).load().match(letter).patients())
                    .containsExactly(new Match(ada.id(), true, Set.of("name+date-of-birth"), Set.of()));
        }
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(PathGuardCommand.run(args)).as(captured.toString(StandardCharsets.UTF_8)).isZero();
            return captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(original);
        }
    }
}
