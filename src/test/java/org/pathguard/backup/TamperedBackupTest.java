package org.pathguard.backup;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.audit.Checkpoints;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.demo.DemoDay;
import org.pathguard.eventlog.EventLog;
import org.pathguard.writeonce.WriteOnceStore;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A repository with a segment changed, missing or reordered is refused, naming the exact segment,
 * and the database it was to be restored into stays empty.
 */
class TamperedBackupTest {

    @TempDir
    static Path root;
    static Path repository;
    static Path keys;
    static long events;

    @BeforeAll
    static void shipALabInSmallSegments() throws Exception {
        repository = root.resolve("backups");
        Path recovery = root.resolve("recovery");
        assertThat(PathGuardCommand.run("backup", "recovery-key", "--out", recovery.toString())).isZero();
        try (StandaloneLab lab = StandaloneLab.start(root.resolve("lab"), "--pathguard.checkpoint.enabled=true",
                "--pathguard.checkpoint.max-events=50", "--pathguard.backup.snapshot-every=" + Long.MAX_VALUE,
                "--pathguard.backup.repository=" + repository,
                "--pathguard.backup.key-escrow=" + root.resolve("escrow"),
                "--pathguard.backup.recovery-public-key=" + recovery.resolve("recovery-public.json"))) {
            // Half a day, a snapshot, then the other half: a restore loads the snapshot and replays the rest.
            lab.bean(DemoDay.class).seed(6, 3, 2);
            lab.bean(Checkpoints.class).makeCheckpoints();
            lab.bean(BackupShipper.class).snapshot();
            lab.bean(DemoDay.class).seed(6, 4, 2);
            events = lab.bean(EventLog.class).lastSequence();
        }
        keys = root.resolve("lab").resolve("keys");
        assertThat(Files.list(repository.resolve("manifests")).count()).as("segments shipped").isGreaterThan(5);
        assertThat(Files.list(repository.resolve("snapshots")).count()).as("snapshots shipped").isOne();
    }

    @Test
    void aChangedMissingOrReorderedSegmentIsRefusedByNameAndNothingIsRestored() throws Exception {
        Path target = root.resolve("empty");
        copyTree(keys, target.resolve("keys"));
        try (StandaloneLab empty = StandaloneLab.start(target)) {
            Restore restore = empty.bean(Restore.class);
            JdbcClient db = empty.bean(JdbcClient.class);
            List<String> freshSchema = keysAndIndexes(db);

            assertRefused(restore, db, tampered("changed", copy -> flipAByte(segmentOf(copy, 3))),
                    "Segment 3 (sequences ", "has been changed");
            long segments = Files.list(repository.resolve("manifests")).count();
            assertRefused(restore, db, tampered("last-changed", copy -> flipAByte(segmentOf(copy, (int) segments))),
                    "Segment " + segments + " (sequences ", "has been changed");
            assertThat(keysAndIndexes(db)).as("a refusal found after the snapshot loaded beside the log leaves the schema whole")
                    .isEqualTo(freshSchema);
            assertRefused(restore, db, tampered("segment-missing", copy -> delete(segmentOf(copy, 2))),
                    "Segment 2 (sequences ", "is missing from the repository");
            assertRefused(restore, db, tampered("manifest-missing", copy -> delete(manifest(copy, 4))),
                    "Segment 4 is missing");
            assertRefused(restore, db, tampered("reordered", copy -> {
                swap(manifest(copy, 2), manifest(copy, 3));
            }), "Segment 2 is out of order");
            assertRefused(restore, db, tampered("forged", copy -> {
                String text = Files.readString(manifest(copy, 5)).replaceFirst("sequences (\\d+) ", "sequences 1 ");
                Files.writeString(manifest(copy, 5), text);
            }), "Segment 5 cannot be trusted", "not signed by the lab's checkpoint key");

            assertRefused(restore, db, tampered("snapshot-changed", copy -> {
                try (Stream<Path> parts = Files.list(copy.resolve("snapshot-parts"))) {
                    for (Path part : parts.toList()) {
                        flipAByte(part);
                    }
                }
            }), "The snapshot part snapshot-parts/", "has been changed");

            try (WriteOnceStore intact = WriteOnceStore.open(repository.toString())) {
                Restore.Restored restored = restore.restore(intact, false, quiet());
                assertThat(restored.events()).isEqualTo(events);
                assertThat(restored.snapshotAt()).as("from the latest snapshot").isPositive();
                assertThat(restored.replayed()).isEqualTo(events - restored.snapshotAt());
            }
            assertThat(db.sql("select count(*) from event_log").query(Long.class).single()).isEqualTo(events);
            assertThat(keysAndIndexes(db)).as("the keys, references and indexes dropped for the load are all back").isEqualTo(freshSchema);
            assertThat(projections(db)).as("a snapshot plus the events after it gives what replaying every event gives")
                    .isEqualTo(replayedEverything());
        }
    }

    private static List<String> keysAndIndexes(JdbcClient db) {
        List<String> schema = new java.util.ArrayList<>(db.sql("""
                select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint
                where connamespace = current_schema()::regnamespace order by 1""").query(String.class).list());
        schema.addAll(db.sql("select indexdef from pg_indexes where schemaname = current_schema() order by 1").query(String.class).list());
        assertThat(schema).anyMatch(c -> c.contains("FOREIGN KEY"));
        return schema;
    }

    /** The same repository restored by replaying every event, into another empty database. */
    private static Map<String, List<String>> replayedEverything() {
        Path target = root.resolve("replayed");
        copyTree(keys, target.resolve("keys"));
        try (StandaloneLab replayed = StandaloneLab.start(target); WriteOnceStore intact = WriteOnceStore.open(repository.toString())) {
            assertThat(replayed.bean(Restore.class).restore(intact, true, quiet()).snapshotAt()).isZero();
            return projections(replayed.bean(JdbcClient.class));
        }
    }

    /** Every plain column of every projection table, rows sorted (sealed columns differ by their random nonces). */
    private static Map<String, List<String>> projections(JdbcClient db) {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : List.of("patient", "lab_order", "order_test", "specimen", "result", "result_version", "critical_alert",
                "report", "inbound_message", "outbound_message", "account", "patient_read")) {
            String columns = String.join(" || '|' || ", db.sql("""
                    select 'coalesce(' || column_name || '::text, ''-'')' from information_schema.columns
                    where table_name = ? and data_type <> 'bytea' order by ordinal_position""").param(table).query(String.class).list());
            tables.put(table, db.sql("select " + columns + " from " + table + " order by 1").query(String.class).list());
        }
        assertThat(tables.get("result")).isNotEmpty();
        return tables;
    }

    @Test
    void theCommandRefusesATamperedRepositoryWithExitCodeOne() throws Exception {
        Path target = root.resolve("command");
        copyTree(keys, target.resolve("keys"));
        Path changed = tampered("changed-for-command", copy -> flipAByte(segmentOf(copy, 1)));
        assertThat(PathGuardCommand.run("restore", "--from", changed.toString(), "--data-dir", target.toString())).isEqualTo(1);
    }

    private static void assertRefused(Restore restore, JdbcClient db, Path repository, String... words) {
        try (WriteOnceStore store = WriteOnceStore.open(repository.toString())) {
            assertThatThrownBy(() -> restore.restore(store, false, quiet())).isInstanceOf(BackupRefused.class).message().contains(words);
        }
        assertThat(db.sql("select count(*) from event_log").query(Long.class).single()).isZero();
        assertThat(db.sql("select count(*) from checkpoint").query(Long.class).single()).isZero();
        assertThat(db.sql("select count(*) from restore_run").query(Long.class).single())
                .as("nothing was committed, so the database may take the restore again").isZero();
    }

    @Test
    void aRestoreStoppedAfterItsLoadCommittedLeavesADatabaseTheLabWillNotOpen() {
        Path target = root.resolve("stopped");
        copyTree(keys, target.resolve("keys"));
        try (StandaloneLab lab = StandaloneLab.start(target); WriteOnceStore intact = WriteOnceStore.open(repository.toString())) {
            // The log and the snapshot are committed when the replay starts: a process killed there stops the same way.
            RestoreProgress killedAtTheReplay = new RestoreProgress() {
                @Override
                public void phase(String name, long total, String items) {
                    if (name.startsWith("Replaying")) {
                        throw new IllegalStateException("killed");
                    }
                }

                @Override
                public void done(long items) {
                }
            };
            assertThatThrownBy(() -> lab.bean(Restore.class).restore(intact, false, killedAtTheReplay)).hasMessage("killed");
            assertThat(lab.bean(JdbcClient.class).sql("select count(*) from event_log").query(Long.class).single())
                    .as("the log was committed").isEqualTo(events);
        }
        assertThatThrownBy(() -> StandaloneLab.start(target))
                .hasMessageContaining("REFUSED to start: this database holds a restore that began at")
                .hasMessageContaining("Restore again into a new, empty database");
        assertThat(PathGuardCommand.run("verify", "--data-dir", target.toString())).isNotZero();
    }

    private static RestoreProgress quiet() {
        return new RestoreProgress() {
            @Override
            public void phase(String name, long total, String items) {
            }

            @Override
            public void done(long items) {
            }
        };
    }

    interface Tampering {
        void apply(Path copy) throws IOException;
    }

    private static Path tampered(String name, Tampering tampering) throws IOException {
        Path copy = root.resolve("tampered-" + name);
        copyTree(repository, copy);
        tampering.apply(copy);
        return copy;
    }

    private static Path manifest(Path repository, int number) {
        return repository.resolve("manifests").resolve("%012d.manifest".formatted(number));
    }

    private static Path segmentOf(Path repository, int number) throws IOException {
        String text = Files.readString(manifest(repository, number));
        String sha = text.lines().filter(l -> l.startsWith("sha256 ")).findFirst().orElseThrow().substring(7);
        return repository.resolve("segments").resolve(sha + ".segment");
    }

    private static void flipAByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
    }

    private static void delete(Path file) throws IOException {
        Files.delete(file);
    }

    private static void swap(Path a, Path b) throws IOException {
        Path aside = a.resolveSibling("aside");
        Files.move(a, aside);
        Files.move(b, a);
        Files.move(aside, b);
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
