package org.pathguard.backup;

import org.pathguard.writeonce.WriteOnceStore;
import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.Checkpoints;
import org.pathguard.audit.LogSigner;
import org.pathguard.audit.MerkleTree;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.SealedEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Restores a lab from its backup repository onto an empty database. Every segment is checked
 * before its events are loaded (manifest signature, the manifest chain, the segment's digest, the
 * events' hash chain, the Merkle root of its signed checkpoint); the load is one transaction, so a
 * refused repository leaves the database empty. Then the projections are rebuilt by replay.
 */
@Component
public class Restore {

    private final EventLog eventLog;
    private final Checkpoints checkpoints;
    private final LogSigner signer;
    private final TransactionTemplate transactions;

    Restore(EventLog eventLog, Checkpoints checkpoints, LogSigner signer, TransactionTemplate transactions) {
        this.eventLog = eventLog;
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.transactions = transactions;
    }

    /** What was restored, and how long each part took. */
    public record Restored(long events, long segments, long lastSequence, Instant lastRecordedAt,
                           Duration loading, Duration replaying) {
    }

    public Restored restore(WriteOnceStore repository, RestoreProgress progress) {
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
        progress.phase("Checking and loading " + manifests.size() + " segments", load.total());
        transactions.executeWithoutResult(status -> {
            for (long number = 1; number <= manifests.size(); number++) {
                load.segment(number);
                progress.done(load.loaded);
            }
        });
        Duration loading = Duration.ofNanos(System.nanoTime() - started);
        long replayStarted = System.nanoTime();
        progress.phase("Replaying events into the projections", load.loaded);
        long replayed = eventLog.rebuild(progress::done);
        progress.done(replayed);
        return new Restored(load.loaded, manifests.size(), load.loaded, load.lastRecordedAt, loading,
                Duration.ofNanos(System.nanoTime() - replayStarted));
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

        Load(WriteOnceStore repository, long segments) {
            this.repository = repository;
            this.total = open(segments, repository.read(Manifest.objectName(segments)).orElseThrow()).lastSequence();
        }

        long total() {
            return total;
        }

        void segment(long number) {
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
            eventLog.insertSealed(events);
            checkpoints.restore(checkpoint, tree);
            previousManifest = Segment.sha256(stored);
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
