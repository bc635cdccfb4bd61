package org.pathguard.backup;

import org.pathguard.writeonce.WriteOnceStore;
import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.Checkpoints;
import org.pathguard.audit.LogSigner;
import org.pathguard.audit.MerkleTree;
import org.pathguard.crypto.Keyring;
import org.pathguard.eventlog.EventLog;
import org.pathguard.keys.KeyRotations;
import org.pathguard.eventlog.SealedEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Restores a lab from its backup repository onto an empty database. Every segment is checked
 * before its events are loaded (manifest signature, the manifest chain, the segment's digest, the
 * events' hash chain, the Merkle root of its signed checkpoint). The log and the latest snapshot load side by side on two
 * connections that commit only once every check has passed, so a refused repository leaves the database empty; a restore
 * that stops after a commit leaves its restore_run unfinished, and the lab will not start on it (ADR 0057). Then the
 * projections are rebuilt by replay.
 */
@Component
public class Restore {

    private final EventLog eventLog;
    private final Checkpoints checkpoints;
    private final LogSigner signer;
    private final TransactionTemplate transactions;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final KeyRotations rotations;
    private final Keyring keyring;
    private final boolean recordIndexKey;

    /**
     * {@code recordIndexKey} false only for a restore drill's scratch copy: it is checked against the backup event for
     * event and thrown away, so it must hold exactly what the backup holds and never starts as a lab.
     */
    Restore(EventLog eventLog, Checkpoints checkpoints, LogSigner signer, TransactionTemplate transactions, DataSource dataSource,
            KeyRotations rotations, Keyring keyring, @Value("${pathguard.restore.record-index-key:true}") boolean recordIndexKey) {
        this.rotations = rotations;
        this.keyring = keyring;
        this.recordIndexKey = recordIndexKey;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.eventLog = eventLog;
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.transactions = transactions;
    }

    /** What was restored: {@code events} is also the last sequence; {@code snapshotAt} is 0 when every event was replayed. */
    public record Restored(long events, long segments, Instant lastRecordedAt, long snapshotAt, long replayed,
                           Duration loading, Duration replaying) {
    }

    /**
     * Restores from the repository: the whole log is checked and loaded; the projections come from
     * the latest snapshot plus the events after it, or, with {@code replayAll} or no snapshot, from
     * replaying every event.
     */
    public Restored restore(WriteOnceStore repository, boolean replayAll, RestoreProgress progress) {
        if (eventLog.lastSequence() != 0 || checkpoints.latest().isPresent()) {
            throw new IllegalStateException("Restore only onto an empty database: this one already holds "
                    + eventLog.lastSequence() + " events. Point --data-dir or --db-url at a new, empty one.");
        }
        List<String> manifests = repository.list(Manifest.FOLDER);
        if (manifests.isEmpty()) {
            throw new BackupRefused("The backup repository " + repository.location() + " holds no segments: nothing to restore");
        }
        for (int i = 0; i < manifests.size(); i++) {
            if (!manifests.get(i).equals(Manifest.objectName(i + 1))) {
                throw new BackupRefused("Segment " + (i + 1) + " is missing: there is no " + Manifest.objectName(i + 1)
                        + " (the next manifest is " + manifests.get(i) + ")");
            }
        }
        long started = System.nanoTime();
        Load load = new Load(repository, manifests.size());
        Snapshot snapshot = replayAll ? null : latestSnapshot(repository, load.total());
        jdbc.update("insert into restore_run (started_at, repository) values (now(), ?)", repository.location());
        load(load, manifests.size(), snapshot, progress);
        Duration loading = Duration.ofNanos(System.nanoTime() - started);
        Restored restored = replay(load, manifests.size(), snapshot, loading, progress);
        jdbc.update("update restore_run set finished_at = now() where finished_at is null");
        return restored;
    }

    /**
     * Checks and loads the log on this thread's transaction while the snapshot loads on a second connection: the two
     * write different tables (no key or reference joins them), so their COPYs and index builds run side by side. Both
     * commit only after every check has passed, the log first; a failure before that rolls both back.
     */
    private void load(Load load, long segments, Snapshot snapshot, RestoreProgress progress) {
        progress.phase("Checking and loading " + segments + " segments"
                + (snapshot == null ? "" : ", and the projections' snapshot at sequence " + snapshot.sequence() + " beside them"),
                load.total(), "events");
        if (snapshot == null) {
            try {
                transactions.executeWithoutResult(status -> loadLog(load, segments, progress));
            } catch (RuntimeException | Error failed) {
                forgetTheRun();
                throw failed;
            }
            return;
        }
        load.snapshotAt = snapshot.sequence();
        boolean logCommitted = false;
        try (Connection projections = dataSource.getConnection();
             ExecutorService loader = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("restore-snapshot").daemon().factory())) {
            projections.setAutoCommit(false);
            Future<?> snapshotLoad = loader.submit(() -> {
                try {
                    snapshot.load(projections, load.repository);
                } catch (SQLException | java.io.IOException e) {
                    throw new IllegalStateException("Loading the snapshot at sequence " + snapshot.sequence() + " failed: " + e.getMessage(), e);
                }
                return null;
            });
            try {
                transactions.executeWithoutResult(status -> {
                    loadLog(load, segments, progress);
                    if (!snapshotLoad.isDone()) {
                        progress.phase("Finishing the load of the projections' snapshot at sequence " + snapshot.sequence(),
                                snapshot.parts().size(), "parts");
                    }
                    done(snapshotLoad);
                    progress.done(snapshot.parts().size());
                    if (!java.util.HexFormat.of().formatHex(load.snapshotEventHash).equals(snapshot.chainHash())) {
                        throw new BackupRefused("The snapshot at sequence " + snapshot.sequence() + " does not match the log at that sequence");
                    }
                });
            } catch (RuntimeException | Error failed) {
                stop(projections, snapshotLoad, failed);
                throw failed;
            }
            logCommitted = true;
            // A process killed here leaves the log without the snapshot: restore_run stays unfinished and the lab refuses it.
            projections.commit();
        } catch (SQLException e) {
            if (!logCommitted) {
                forgetTheRun();
            }
            throw new IllegalStateException("Restoring failed in the database: " + e.getMessage(), e);
        } catch (RuntimeException | Error failed) {
            if (!logCommitted) {
                forgetTheRun();
            }
            throw failed;
        }
    }

    /** Nothing was committed: the database is as empty as it was before the restore, and may take it again. */
    private void forgetTheRun() {
        jdbc.update("delete from restore_run where finished_at is null");
    }

    /** The log's load, on the caller's transaction: its indexes dropped, every segment checked and copied, the indexes made. */
    private void loadLog(Load load, long segments, RestoreProgress progress) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        BulkLoad bulk = sql(() -> BulkLoad.prepare(connection, List.of("event_log")));
        loadSegments(load, segments, progress);
        sql(() -> {
            bulk.finish(connection);
            return null;
        });
    }

    /**
     * Stops the snapshot's load (cancelling the statement it is in, and waiting for its thread) and rolls it back; what
     * goes wrong on the way is added to the failure that stopped the restore, which stays the one reported.
     */
    private static void stop(Connection projections, Future<?> snapshotLoad, Throwable failure) {
        try {
            if (!snapshotLoad.isDone()) {
                projections.unwrap(org.postgresql.PGConnection.class).cancelQuery();
            }
            snapshotLoad.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() != failure) {
                failure.addSuppressed(e.getCause());
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        try {
            projections.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The projections after the load: the events after the snapshot replayed, or every event. */
    private Restored replay(Load load, long segments, Snapshot snapshot, Duration loading, RestoreProgress progress) {
        long replayStarted = System.nanoTime();
        if (snapshot != null && !snapshotIndexedWithTheCurrentKey()) {
            // The snapshot's blind indexes were made with an index key the lab has since rotated away from (or, restoring
            // an older backup with today's keys, before it did): lookups by them would find nothing, so every
            // projection is made again from the log instead.
            progress.phase("The snapshot's blind indexes were made with an earlier index key: replaying every event",
                    load.loaded, "events");
            long replayed = eventLog.rebuild(progress::done);
            progress.done(replayed);
            recordTheIndexKeyReplayedWith();
            return new Restored(load.loaded, segments, load.lastRecordedAt, 0, replayed, loading,
                    Duration.ofNanos(System.nanoTime() - replayStarted));
        }
        long from = snapshot == null ? 0 : snapshot.sequence();
        progress.phase(load.loaded == from ? "The snapshot is at the last event: nothing to replay"
                : "Replaying events " + (from + 1) + " to " + load.loaded + " into the projections", load.loaded - from, "events");
        long replayed = snapshot == null ? eventLog.rebuild(progress::done) : eventLog.replayAfter(from, progress::done);
        progress.done(replayed);
        if (snapshot == null) {
            recordTheIndexKeyReplayedWith();
        }
        return new Restored(load.loaded, segments, load.lastRecordedAt, from, replayed, loading,
                Duration.ofNanos(System.nanoTime() - replayStarted));
    }

    /**
     * Whether the loaded snapshot's index key is the key directory's primary one: the newest index rotation the
     * snapshot records (its key_rotation table), or the lab's first index key if it records none.
     */
    private boolean snapshotIndexedWithTheCurrentKey() {
        return rotations.indexedWithThePrimaryKey(keyring);
    }

    /**
     * Every index is now made with the key directory's index key, which an older backup's log may not name (rotated
     * after it was taken): recorded, so that the restored lab starts (keys.IndexKeyCheck).
     */
    private void recordTheIndexKeyReplayedWith() {
        if (!recordIndexKey) {
            return;
        }
        rotations.recordKeysTheProjectionsAreMadeWith(keyring, java.util.Set.of(Keyring.Kind.INDEX), System.getProperty("user.name"),
                "every blind index made with the key directory's index key by the restore's replay");
    }

    /** The newest snapshot the log covers, checked against the lab's key; none if there is none. */
    private Snapshot latestSnapshot(WriteOnceStore repository, long lastSequence) {
        List<String> snapshots = repository.list(Snapshot.FOLDER);
        for (String name : snapshots.reversed()) {
            Snapshot snapshot;
            try {
                snapshot = Snapshot.open(repository.read(name).orElseThrow(), signer.origin(), signer.key());
            } catch (IllegalArgumentException e) {
                throw new BackupRefused("The snapshot " + name + " cannot be trusted: " + e.getMessage() + "; restore with --replay-all", e);
            }
            if (snapshot.sequence() <= lastSequence) {
                return snapshot;
            }
        }
        return null;
    }

    /** A segment that passed every check, with the tree as it stands after its last event. */
    private record Checked(List<SealedEvent> events, Checkpoint checkpoint, byte[] frontier) {
    }

    /** Each segment is checked on another thread while the one before it is being written. */
    private void loadSegments(Load load, long segments, RestoreProgress progress) {
        try (ExecutorService checker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("restore-check").daemon().factory())) {
            Deque<Future<Checked>> ahead = new ArrayDeque<>();
            long stored = 0;
            for (long number = 1; number <= segments; number++) {
                long n = number;
                ahead.add(checker.submit(() -> load.check(n)));
                if (ahead.size() == 2) {
                    stored += store(done(ahead.poll()));
                    progress.done(stored);
                }
            }
            while (!ahead.isEmpty()) {
                stored += store(done(ahead.poll()));
                progress.done(stored);
            }
        }
    }

    private int store(Checked checked) {
        eventLog.insertSealed(checked.events());
        checkpoints.restore(checked.checkpoint(), checked.frontier());
        return checked.events().size();
    }

    private static <T> T done(Future<T> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restoring", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("Restoring failed in the database: " + e.getMessage(), e);
        }
    }

    /** The running state of one load: where the chain and the tree have got to. */
    private final class Load {
        private final WriteOnceStore repository;
        private final long total;
        private final MerkleTree.Frontier tree = new MerkleTree.Frontier();
        private byte[] previousHash = SealedEvent.genesis();
        private String previousManifest = Manifest.NONE;
        private long loaded;
        private Instant lastRecordedAt;
        /** The sequence of the snapshot loaded beside the log, and the hash of the checked event there. */
        private long snapshotAt = -1;
        private byte[] snapshotEventHash;

        Load(WriteOnceStore repository, long segments) {
            this.repository = repository;
            this.total = open(segments, repository.read(Manifest.objectName(segments)).orElseThrow()).lastSequence();
        }

        long total() {
            return total;
        }

        Checked check(long number) {
            String name = Manifest.objectName(number);
            byte[] stored = repository.read(name)
                    .orElseThrow(() -> new BackupRefused("Segment " + number + " is missing: " + name + " cannot be read"));
            Manifest manifest = open(number, stored);
            String where = "Segment " + number + " (sequences " + manifest.firstSequence() + "–" + manifest.lastSequence()
                    + ", " + manifest.segmentObject() + ")";
            if (manifest.number() != number || !manifest.previousSha256().equals(previousManifest)
                    || manifest.firstSequence() != loaded + 1) {
                throw new BackupRefused("Segment " + number + " is out of order: " + name + " names segment " + manifest.number()
                        + " starting at sequence " + manifest.firstSequence() + ", where segment " + number
                        + " starting at sequence " + (loaded + 1) + " and following the previous manifest was expected");
            }
            byte[] segment = repository.read(manifest.segmentObject())
                    .orElseThrow(() -> new BackupRefused(where + " is missing from the repository"));
            String sha = Segment.sha256(segment);
            if (!sha.equals(manifest.segmentSha256())) {
                throw new BackupRefused(where + " has been changed: its SHA-256 is " + sha + " but its signed manifest says "
                        + manifest.segmentSha256());
            }
            List<SealedEvent> events;
            try {
                events = Segment.decode(segment);
            } catch (IllegalArgumentException e) {
                throw new BackupRefused(where + " cannot be read: " + e.getMessage(), e);
            }
            if (events.size() != manifest.lastSequence() - manifest.firstSequence() + 1) {
                throw new BackupRefused(where + " holds " + events.size() + " events, not the number its manifest says");
            }
            for (SealedEvent event : events) {
                if (event.sequence() != loaded + 1 || !Arrays.equals(event.previousHash(), previousHash) || !event.hashMatchesFields()) {
                    throw new BackupRefused(where + ": the event at sequence " + event.sequence()
                            + " does not continue the hash chain or does not match its own hash");
                }
                tree.append(MerkleTree.leafHash(event.hash()));
                previousHash = event.hash();
                if (event.sequence() == snapshotAt) {
                    snapshotEventHash = event.hash();
                }
                loaded++;
                lastRecordedAt = event.recordedAt();
            }
            Checkpoint checkpoint;
            try {
                checkpoint = manifest.checkpoint(signer.key());
            } catch (IllegalArgumentException e) {
                throw new BackupRefused(where + ": its checkpoint is not valid: " + e.getMessage(), e);
            }
            if (checkpoint.treeSize() != loaded || !Arrays.equals(checkpoint.rootHash(), tree.root())) {
                throw new BackupRefused(where + " does not match its signed checkpoint of size " + checkpoint.treeSize());
            }
            previousManifest = Segment.sha256(stored);
            return new Checked(events, checkpoint, tree.toBytes());
        }

        private Manifest open(long number, byte[] stored) {
            try {
                return Manifest.open(stored, signer.origin(), signer.key());
            } catch (IllegalArgumentException e) {
                throw new BackupRefused("Segment " + number + " cannot be trusted: its manifest " + Manifest.objectName(number)
                        + " " + e.getMessage(), e);
            }
        }
    }
}
