package org.pathguard.drill;

import org.pathguard.access.Actor;
import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.Checkpoints;
import org.pathguard.backup.BackupRefused;
import org.pathguard.backup.Restore;
import org.pathguard.backup.RestoreProgress;
import org.pathguard.eventlog.ChainVerification;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.writeonce.WriteOnceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The restore drill: the latest backup restored into a scratch embedded PostgreSQL with the existing restore (every
 * segment checked against its signed checkpoint), the restored chain verified again, its last checkpoint checked
 * against its log, its head compared with the live log at the same sequence, and its tables' counts with the lab's.
 * The result and how long it took are recorded, passed or failed; the scratch copy is removed either way. A backup
 * nobody has restored is a hope, not a backup: this is what the DSPT's "testing and exercising" (D1.c) asks for.
 */
@Service
public class RestoreDrill {

    private static final Logger log = LoggerFactory.getLogger(RestoreDrill.class);

    /** What is counted on both sides: tables the lab only adds to, so a copy behind a working lab is never ahead of it. */
    static final List<String> COUNTED = List.of("event_log", "patient", "lab_order", "specimen", "result", "report");

    private static final RestoreProgress QUIET = new RestoreProgress() {
        @Override
        public void phase(String name, long total, String items) {
        }

        @Override
        public void done(long items) {
        }
    };

    private final EventLog eventLog;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshotRead;
    private final InstantSource clock;
    private final Path scratchRoot;
    private final Path keyDir;
    private final String kmsKeyUri;
    private final String passphrase;
    private final String labOds;

    RestoreDrill(EventLog eventLog, JdbcTemplate jdbc, PlatformTransactionManager transactions, InstantSource clock,
                 @Value("${pathguard.drill.scratch-dir:${pathguard.data-dir}/drill-scratch}") Path scratchRoot,
                 @Value("${pathguard.key-dir}") Path keyDir,
                 @Value("${pathguard.kms-key-uri:${PATHGUARD_KMS_KEY_URI:}}") String kmsKeyUri,
                 @Value("${PATHGUARD_MASTER_PASSPHRASE:}") String passphrase,
                 @Value("${pathguard.lab.ods-code}") String labOds) {
        this.eventLog = eventLog;
        this.jdbc = jdbc;
        this.snapshotRead = new TransactionTemplate(transactions);
        snapshotRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshotRead.setReadOnly(true);
        this.clock = clock;
        this.scratchRoot = scratchRoot.toAbsolutePath().normalize();
        this.keyDir = keyDir.toAbsolutePath().normalize();
        this.kmsKeyUri = kmsKeyUri;
        this.passphrase = passphrase;
        this.labOds = labOds;
    }

    /** Runs one drill from {@code repository} and records it; one at a time (each starts a PostgreSQL of its own). */
    public synchronized RestoreDrillResult run(Actor by, WriteOnceStore repository) {
        by.require(Actor.Role.SYSTEM);
        UUID id = UUID.randomUUID();
        try {
            removeStaleScratch();
        } catch (UncheckedIOException e) {
            // A stale copy that will not go is said in the log; the drill still runs in a directory of its own.
            log.error(e.getMessage());
        }
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Outcome outcome;
        try (ScratchLab scratch = ScratchLab.start(scratchRoot.resolve("drill-" + id), keyDir, kmsKeyUri, passphrase, labOds)) {
            outcome = check(scratch, repository);
        } catch (BackupRefused refused) {
            outcome = new Outcome(false, 0, "", "the backup was refused: " + refused.getMessage());
        } catch (DrillFailed failed) {
            outcome = new Outcome(false, failed.eventsRestored, failed.counts, failed.getMessage());
        } catch (ScratchLab.NotRemoved notRemoved) {
            // ScratchLab's own message ("Cannot remove the drill's scratch copy DIR"): no patient data in it. Any other
            // UncheckedIOException (a repository read, say) falls to the next catch: its message may quote what it read.
            outcome = new Outcome(false, 0, "", notRemoved.getMessage());
        } catch (RuntimeException e) {
            // Other layers' messages may quote what they were reading: the kind of failure only.
            outcome = new Outcome(false, 0, "", "the drill stopped: " + e.getClass().getSimpleName());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        RestoreDrillRecorded recorded = new RestoreDrillRecorded(id, startedAt, took, outcome.passed(), repository.location(),
                outcome.eventsRestored(), outcome.counts(), outcome.reason());
        eventLog.append(by.logName(), NewEvent.of("restore-drill-" + id, recorded));
        return new RestoreDrillResult(id, by.logName(), startedAt, took, outcome.passed(), repository.location(),
                outcome.eventsRestored(), outcome.counts(), outcome.reason());
    }

    /**
     * Removes the scratch copies of the lab that killed drills left behind (a drill's JVM stopped before its own
     * clean-up), saying so in the log; at the start of every drill and when serve starts with a drill schedule.
     * One drill at a time per process (run is synchronized); drills are run by one process, serve or the command.
     */
    public synchronized void removeStaleScratch() {
        for (Path stale : ScratchLab.removeStale(scratchRoot)) {
            log.warn("Removed {}: a restore drill's scratch copy of the lab left by a drill that did not finish", stale);
        }
    }

    /** The latest drill, passed or failed. */
    public Optional<RestoreDrillResult> latest() {
        return jdbc.query("""
                select id, run_by, started_at, duration_ms, passed, repository, events_restored, counts, reason
                from restore_drill order by event_sequence desc limit 1""", (rs, n) -> new RestoreDrillResult(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(), Duration.ofMillis(rs.getLong(4)),
                rs.getBoolean(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9))).stream().findFirst();
    }

    /** When the latest drill started, or none: what serve's schedule decides by. */
    Optional<Instant> latestStart() {
        return Optional.ofNullable(jdbc.queryForObject("select max(started_at) from restore_drill", Timestamp.class)).map(Timestamp::toInstant);
    }

    private Outcome check(ScratchLab scratch, WriteOnceStore repository) {
        Restore.Restored restored = scratch.bean(Restore.class).restore(repository, false, QUIET);
        long events = restored.events();
        ChainVerification chain = scratch.bean(EventLog.class).verify();
        if (!chain.intact()) {
            throw new DrillFailed(events, "", "the restored chain does not verify at sequence " + chain.firstBadSequence() + ": " + chain.problem());
        }
        if (chain.eventCount() != events) {
            throw new DrillFailed(events, "", "the restored log holds " + chain.eventCount() + " events, the restore reported " + events);
        }
        Checkpoints checkpoints = scratch.bean(Checkpoints.class);
        Checkpoint checkpoint = checkpoints.latest()
                .orElseThrow(() -> new DrillFailed(events, "", "the restored copy holds no signed checkpoint"));
        if (checkpoint.treeSize() != events || !Arrays.equals(checkpoint.rootHash(), checkpoints.rootOfStoredLog(checkpoint.treeSize()))) {
            throw new DrillFailed(events, "", "the restored copy's last signed checkpoint (of " + checkpoint.treeSize()
                    + " events) does not match its log of " + events + " events");
        }
        String liveHash = liveHashAt(events);
        if (!chain.headHash().equalsIgnoreCase(liveHash)) {
            throw new DrillFailed(events, "", liveHash.isEmpty() ? "the backup holds " + events + " events, more than this lab's log"
                    : "the backup's event at sequence " + events + " is not this lab's: the backup is of another history");
        }
        CountComparison comparison = liveCounts().against(events, counts(scratch.bean(JdbcTemplate.class)));
        List<String> disagreements = comparison.disagreements();
        if (!disagreements.isEmpty()) {
            throw new DrillFailed(events, comparison.summary(), "the restored copy does not hold what the lab holds: "
                    + String.join("; ", disagreements));
        }
        return new Outcome(true, events, comparison.summary(), null);
    }

    private String liveHashAt(long sequence) {
        StringBuilder hex = new StringBuilder();
        eventLog.chainHashes(sequence - 1, sequence, hash -> hex.append(HexFormat.of().formatHex(hash)));
        return hex.toString();
    }

    /** The live lab's counts and its log's last sequence as one snapshot, so both describe the same moment. */
    private LiveCounts liveCounts() {
        return snapshotRead.execute(status -> new LiveCounts(
                jdbc.queryForObject("select coalesce(max(seq), 0) from event_log", Long.class), counts(jdbc)));
    }

    private static Map<String, Long> counts(JdbcTemplate db) {
        Map<String, Long> counts = new LinkedHashMap<>();
        COUNTED.forEach(table -> counts.put(table, db.queryForObject("select count(*) from " + table, Long.class)));
        return counts;
    }

    private record LiveCounts(long sequence, Map<String, Long> counts) {
        CountComparison against(long restoredSequence, Map<String, Long> restored) {
            return new CountComparison(sequence, counts, restoredSequence, restored);
        }
    }

    private record Outcome(boolean passed, long eventsRestored, String counts, String reason) {
    }

    /** A drill that found the copy wanting: its message says what, in words safe to record (counts, sequences). */
    private static final class DrillFailed extends RuntimeException {
        private final long eventsRestored;
        private final String counts;

        DrillFailed(long eventsRestored, String counts, String reason) {
            super(reason);
            this.eventsRestored = eventsRestored;
            this.counts = counts;
        }
    }
}
