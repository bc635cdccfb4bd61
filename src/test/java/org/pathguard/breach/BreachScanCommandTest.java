package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.lab.Sex;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pathguard breach scan} on a lab's data directory with the server stopped, as the privacy officer runs it. */
class BreachScanCommandTest {

    record Ran(int exit, String out, String err) {
    }

    @Test
    void thePrivacyOfficerScansADumpAndGetsTheOutputsWithProgressAndNoIdentifierPrinted(@TempDir Path temp) throws IOException {
        Path dataDir = temp.resolve("data");
        Patient ada;
        try (StandaloneLab lab = StandaloneLab.start(dataDir)) {
            ada = lab.bean(PatientRegistry.class).register(new Actor("bsc.ward", Actor.Role.REQUESTER, "G85001", null),
                    new Registration("4010232137", "RX123456", "Lovelace", "Augusta", LocalDate.of(1915, 12, 10), Sex.FEMALE, "SE1 9RT"));
            Accounts accounts = lab.bean(Accounts.class);
            Actor admin = new Actor("bsc.admin", Actor.Role.ADMINISTRATOR, "PGLAB", null);
            accounts.createEnrolled(admin, "po.scan", Actor.Role.AUDITOR, "PGLAB");
            accounts.createEnrolled(admin, "mgr.scan", Actor.Role.LAB_MANAGER, "PGLAB");
        }
        Path dump = Files.createDirectories(temp.resolve("dump"));
        Files.writeString(dump.resolve("list.txt"), "NHS number 401 023 2137, Lovelace, Augusta, born 10/12/1915\n");
        Path out = temp.resolve("out");

        Ran refused = run("breach", "scan", dump.toString(), "--out", out.toString(), "--case", "ICO-9", "--by", "mgr.scan",
                "--data-dir", dataDir.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("No usable privacy officer's account mgr.scan");
        assertThat(out).doesNotExist();

        Ran ran = run("breach", "scan", dump.toString(), "--out", out.toString(), "--case", "ICO-9", "--by", "po.scan",
                "--data-dir", dataDir.toString());
        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.out()).contains("Case ICO-9: 1 files (0 from the earlier run)", "1 patients confirmed, 0 possible");
        assertThat(ran.err()).contains("1 / 1 files", "MB/s", "done");
        assertThat(Files.readAllLines(out.resolve("affected-patients.csv"))).hasSize(2)
                .last().asString().startsWith(ada.id() + ",confirmed,");
        for (String printed : new String[]{ran.out(), ran.err()}) {
            assertThat(printed).doesNotContain("4010232137", "401 023 2137", "Lovelace", "LOVELACE", "Augusta", "1915");
        }

        Ran again = run("breach", "scan", dump.toString(), "--out", out.toString(), "--case", "ICO-9", "--by", "po.scan",
                "--data-dir", dataDir.toString());
        assertThat(again.out()).as("a finished scan rerun reads nothing again").contains("1 files (1 from the earlier run)",
                "1 patients confirmed");
    }

    private static Ran run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = PathGuardCommand.run(args);
            return new Ran(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
