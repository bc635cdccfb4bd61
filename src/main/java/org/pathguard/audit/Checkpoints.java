package org.pathguard.audit;

import org.pathguard.eventlog.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Makes signed checkpoints of the event log and answers proofs over it. Each checkpoint extends the
 * last by at most {@code maxLeaves} events, so a backup segment (one per checkpoint) stays bounded.
 * New checkpoints are published as application events for witnesses and backup shipping.
 */
@Component
public class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private final EventLog eventLog;
    private final JdbcTemplate jdbc;
    private final LogSigner signer;
    private final ApplicationEventPublisher publisher;
    private final long maxLeaves;
    private MerkleTree.Frontier frontier;

    Checkpoints(EventLog eventLog, JdbcTemplate jdbc, LogSigner signer, ApplicationEventPublisher publisher,
                @Value("${pathguard.checkpoint.max-events:50000}") long maxLeaves) {
        this.eventLog = eventLog;
        this.jdbc = jdbc;
        this.signer = signer;
        this.publisher = publisher;
        this.maxLeaves = maxLeaves;
    }

    /** Signs checkpoints up to the log's head (several if it grew by more than one segment); none if nothing changed. */
    public synchronized List<Checkpoint> makeCheckpoints() {
        List<Checkpoint> made = new ArrayList<>();
        long head = eventLog.lastSequence();
        catchUpWithStored();
        while (frontier.size() < head) {
            long upTo = Math.min(head, frontier.size() + maxLeaves);
            eventLog.chainHashes(frontier.size(), upTo, hash -> frontier.append(MerkleTree.leafHash(hash)));
            if (frontier.size() != upTo) {
                throw new IllegalStateException("The event log has a gap before sequence " + upTo);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            byte[] root = frontier.root();
            String note = signer.sign(Checkpoint.body(signer.origin(), upTo, root, now));
            jdbc.update("""
                    insert into checkpoint (tree_size, root_hash, made_at, note, frontier) values (?, ?, ?, ?, ?)
                    on conflict (tree_size) do nothing""", upTo, root, Timestamp.from(now), note, frontier.toBytes());
            made.add(stored(upTo).orElseThrow());
        }
        made.forEach(publisher::publishEvent);
        return made;
    }

    /** Another process (the command line) may have made checkpoints since: carry on from the newest stored one. */
    private void catchUpWithStored() {
        List<byte[]> newest = jdbc.query("select frontier from checkpoint where tree_size > ? order by tree_size desc limit 1",
                (rs, n) -> rs.getBytes(1), frontier == null ? -1 : frontier.size());
        if (!newest.isEmpty()) {
            frontier = MerkleTree.Frontier.fromBytes(newest.getFirst());
        } else if (frontier == null) {
            frontier = new MerkleTree.Frontier();
        }
    }

    public Optional<Checkpoint> latest() {
        return jdbc.query("select note from checkpoint order by tree_size desc limit 1", (rs, n) -> rs.getString(1))
                .stream().findFirst().map(this::open);
    }

    /** The stored checkpoint at exactly this size. */
    public Optional<Checkpoint> stored(long treeSize) {
        return jdbc.query("select note from checkpoint where tree_size = ?", (rs, n) -> rs.getString(1), treeSize)
                .stream().findFirst().map(this::open);
    }

    /** The stored checkpoints larger than {@code treeSize}, oldest first. */
    public List<Checkpoint> after(long treeSize) {
        return jdbc.query("select note from checkpoint where tree_size > ? order by tree_size",
                (rs, n) -> open(rs.getString(1)), treeSize);
    }

    private Checkpoint open(String note) {
        return Checkpoint.open(note, signer.key());
    }

    /** Inclusion of the event at {@code sequence} in the checkpoint of {@code treeSize} (the latest if 0). */
    public InclusionProof prove(long sequence, long treeSize) {
        Checkpoint checkpoint = checkpointFor(treeSize);
        if (sequence < 1 || sequence > checkpoint.treeSize()) {
            throw new IllegalArgumentException("Sequence " + sequence + " is not in the checkpoint of size " + checkpoint.treeSize()
                    + (sequence > checkpoint.treeSize() ? "; make a newer checkpoint first" : ""));
        }
        MerkleTree.ProofCollector proof = new MerkleTree.ProofCollector(MerkleTree.inclusionRanges(sequence - 1, checkpoint.treeSize()));
        byte[][] chainHash = new byte[1][];
        // Leaves from the lower of the proof's first range and the proved leaf itself.
        long first = Math.min(proof.firstLeaf(), sequence - 1);
        long[] index = {first};
        eventLog.chainHashes(first, checkpoint.treeSize(), hash -> {
            long leaf = index[0]++;
            if (leaf == sequence - 1) {
                chainHash[0] = hash;
            }
            proof.accept(leaf, MerkleTree.leafHash(hash));
        });
        return new InclusionProof(sequence, chainHash[0], proof.path(), checkpoint.note());
    }

    /** Consistency of the checkpoint of {@code olderSize} with the checkpoint of {@code newerSize} (the latest if 0). */
    public ConsistencyProof consistency(long olderSize, long newerSize) {
        Checkpoint older = checkpointFor(olderSize);
        Checkpoint newer = checkpointFor(newerSize);
        if (older.treeSize() > newer.treeSize()) {
            throw new IllegalArgumentException("The older checkpoint (" + older.treeSize() + ") is larger than the newer ("
                    + newer.treeSize() + ")");
        }
        return new ConsistencyProof(older.note(), newer.note(), consistencyPath(older.treeSize(), newer.treeSize()));
    }

    /** The proof hashes from the stored log, whether or not a checkpoint exists at those sizes (witnesses ask this). */
    List<byte[]> consistencyPath(long olderSize, long newerSize) {
        if (olderSize == newerSize) {
            return List.of();
        }
        MerkleTree.ProofCollector proof = new MerkleTree.ProofCollector(MerkleTree.consistencyRanges(olderSize, newerSize));
        long[] index = {proof.firstLeaf()};
        eventLog.chainHashes(proof.firstLeaf(), newerSize, hash -> proof.accept(index[0]++, MerkleTree.leafHash(hash)));
        return proof.path();
    }

    /** The root of the stored log's first {@code treeSize} events, recomputed now. */
    public byte[] rootOfStoredLog(long treeSize) {
        MerkleTree.Frontier recomputed = new MerkleTree.Frontier();
        eventLog.chainHashes(0, treeSize, hash -> recomputed.append(MerkleTree.leafHash(hash)));
        if (recomputed.size() != treeSize) {
            throw new IllegalStateException("The stored log has " + recomputed.size() + " events, fewer than " + treeSize);
        }
        return recomputed.root();
    }

    /** True when the stored log still has the root this checkpoint signed (nothing before it was rewritten). */
    public boolean storedLogMatches(Checkpoint checkpoint) {
        try {
            return Arrays.equals(rootOfStoredLog(checkpoint.treeSize()), checkpoint.rootHash());
        } catch (IllegalStateException shorter) {
            log.warn("The stored log is shorter than a checkpoint of size {}", checkpoint.treeSize());
            return false;
        }
    }

    private Checkpoint checkpointFor(long treeSize) {
        if (treeSize == 0) {
            return latest().orElseThrow(() -> new IllegalArgumentException("No checkpoint has been made yet"));
        }
        return stored(treeSize).orElseThrow(() -> new IllegalArgumentException("There is no checkpoint of size " + treeSize));
    }

    public CheckpointKey key() {
        return signer.key();
    }

    /** Stores a checkpoint restored from a backup, already checked against the events it covers. */
    public synchronized void restore(Checkpoint checkpoint, byte[] frontierAt) {
        jdbc.update("insert into checkpoint (tree_size, root_hash, made_at, note, frontier) values (?, ?, ?, ?, ?)",
                checkpoint.treeSize(), checkpoint.rootHash(), Timestamp.from(checkpoint.time() == null ? Instant.EPOCH : checkpoint.time()),
                checkpoint.note(), frontierAt);
        frontier = null;
    }
}
