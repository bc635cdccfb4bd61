package org.pathguard.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.audit.Checkpoints;
import org.pathguard.demo.DemoDay;
import org.pathguard.e2e.LabProcess.Backups;
import org.pathguard.e2e.LabProcess.Run;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore killed part-way (JVM and PostgreSQL at once, SIGKILL) leaves a database no PathGuard command starts on, and
 * says how to restart the restore (ADR 0057): here it is killed while replaying, after its load committed the log.
 */
class KilledRestoreTest {

    private static final String REFUSED = "REFUSED to start: this database holds a restore that began at";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void aRestoreKilledAfterItsLoadCommittedLeavesADatabaseNoCommandStartsOn() throws Exception {
        Backups backups = Backups.under(root.resolve("backups"));
        // No snapshot: the restore commits the whole log, then replays every event, so it is killed with the log in.
        try (StandaloneLab lab = StandaloneLab.start(root.resolve("lab"), "--pathguard.checkpoint.enabled=true",
                "--pathguard.backup.snapshot-every=" + Long.MAX_VALUE,
                "--pathguard.backup.repository=" + backups.repository(),
                "--pathguard.backup.key-escrow=" + backups.escrow(),
                "--pathguard.backup.recovery-public-key=" + backups.recoveryKey().resolve("recovery-public.json"))) {
            lab.bean(DemoDay.class).seed(30, 7, 2);
            lab.bean(Checkpoints.class).makeCheckpoints();
        }
        Path restored = root.resolve("restored");
        Run killed = LabProcess.killedAt(Pattern.compile("Replaying events"), restored, Map.of(), root.resolve("restore.log"),
                "restore", "--from", backups.repository().toString(), "--key-escrow", backups.escrow().toString(),
                "--recovery-key", backups.recoveryKey().resolve("recovery-private.json").toString(), "--data-dir", restored.toString());
        assertThat(killed.output()).as("killed while replaying, before it finished (%s)", killed.log())
                .contains("Replaying events").doesNotContain("Restored ");

        Run verify = LabProcess.run(Map.of(), root.resolve("verify.log"), "verify", "--data-dir", restored.toString());
        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.output()).contains(REFUSED).contains("Restore again into a new, empty database");
        Run serve = LabProcess.run(Map.of(), root.resolve("serve.log"), "serve", "--data-dir", restored.toString(), "--port", "0");
        assertThat(serve.exitCode()).isNotZero();
        assertThat(serve.output()).contains(REFUSED);
    }
}
