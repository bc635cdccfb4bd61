package org.pathguard.backup;

import org.pathguard.writeonce.WriteOnceStore;
import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.Checkpoints;
import org.pathguard.audit.LogSigner;
import org.pathguard.crypto.KeyEscrow;
import org.pathguard.crypto.Keyring;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.SealedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ships the log to the backup repository as each checkpoint is made: the sealed events since the
 * last shipped checkpoint become one content-addressed segment, then its signed manifest. The keys
 * are escrowed, wrapped to the offline recovery key, in a separate place when shipping starts.
 */
@Component
@ConditionalOnExpression("!'${pathguard.backup.repository:}'.isBlank()")
public class BackupShipper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackupShipper.class);

    private final WriteOnceStore repository;
    private final EventLog eventLog;
    private final Checkpoints checkpoints;
    private final LogSigner signer;
    private final DataSource dataSource;
    private final long snapshotEvery;
    private Manifest last;
    private byte[] lastStored;
    private long lastSnapshot;

    BackupShipper(@Value("${pathguard.backup.repository}") String repositoryUri,
                  @Value("${pathguard.backup.key-escrow:}") String escrowUri,
                  @Value("${pathguard.backup.recovery-public-key:}") String recoveryPublicKey,
                  @Value("${pathguard.backup.snapshot-every:1000000}") long snapshotEvery,
                  EventLog eventLog, Checkpoints checkpoints, LogSigner signer, Keyring keyring, DataSource dataSource) {
        this.eventLog = eventLog;
        this.dataSource = dataSource;
        this.snapshotEvery = snapshotEvery;
        this.checkpoints = checkpoints;
        this.signer = signer;
        if (escrowUri.isBlank() || recoveryPublicKey.isBlank()) {
            throw new IllegalStateException("A backup needs its keys escrowed: give --key-escrow (a place apart from the"
                    + " backup repository) and --recovery-public-key (docs/recovery.md, the recovery-key ceremony)");
        }
        if (escrowUri.equals(repositoryUri)) {
            throw new IllegalStateException("The key escrow must not be the backup repository: a backup alone must reveal nothing");
        }
        this.repository = WriteOnceStore.open(repositoryUri);
        try (WriteOnceStore escrow = WriteOnceStore.open(escrowUri)) {
            KeyEscrow.escrow(escrow, keyring, Files.readString(Path.of(recoveryPublicKey)), Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the recovery public key " + recoveryPublicKey, e);
        }
        repository.putOnce(BackupStatus.keyName(signer.key()), signer.key().toJson().getBytes(StandardCharsets.UTF_8));
        BackupStatus status = BackupStatus.of(repository, signer.origin(), signer.key());
        this.last = status.last();
        this.lastStored = status.lastStored();
        List<String> snapshots = repository.list(Snapshot.FOLDER);
        this.lastSnapshot = snapshots.isEmpty() ? 0 : Long.parseLong(snapshots.getLast().replaceAll("\\D", ""));
        log.info("Shipping the event log to {} from sequence {}", repository.location(), last == null ? 1 : last.lastSequence() + 1);
    }

    /** At start, ships what earlier checkpoints left unshipped (the repository was down, or is new). */
    @EventListener(ContextRefreshedEvent.class)
    void catchUp() {
        shipWhatIsPending();
    }

    @EventListener(Checkpoint.class)
    void checkpointMade() {
        shipWhatIsPending();
    }

    private void shipWhatIsPending() {
        try {
            shipPending();
            if (last != null && last.lastSequence() - lastSnapshot >= snapshotEvery) {
                snapshot();
            }
        } catch (RuntimeException e) {
            // The next checkpoint ships what this one could not: nothing is skipped, only late.
            log.error("Shipping to the backup repository {} failed: {}", repository.location(), e.getMessage());
        }
    }

    /** Ships a segment for every stored checkpoint beyond the last shipped one. */
    public synchronized void shipPending() {
        long shipped = last == null ? 0 : last.lastSequence();
        for (Checkpoint checkpoint : checkpoints.after(shipped)) {
            ship(checkpoint, shipped);
            shipped = checkpoint.treeSize();
        }
    }

    private void ship(Checkpoint checkpoint, long shipped) {
        List<SealedEvent> events = new ArrayList<>();
        eventLog.sealedEvents(shipped, checkpoint.treeSize(), events::add);
        byte[] segment = Segment.encode(events);
        String sha = Segment.sha256(segment);
        repository.putOnce(Segment.objectName(sha), segment);
        long number = last == null ? 1 : last.number() + 1;
        String previous = last == null ? Manifest.NONE : Segment.sha256(lastStored);
        Manifest manifest = new Manifest(number, shipped + 1, checkpoint.treeSize(), sha, previous, checkpoint.note());
        byte[] stored = signer.sign(manifest.body()).getBytes(StandardCharsets.UTF_8);
        repository.putOnce(Manifest.objectName(number), stored);
        last = manifest;
        lastStored = stored;
    }

    /**
     * Ships a snapshot of every projection table, so a restore replays only the events after it.
     * Returns the sequence it stands at.
     */
    public synchronized long snapshot() {
        try {
            Snapshot snapshot = Snapshot.take(dataSource, eventLog.projectionTables(), repository);
            repository.putOnce(Snapshot.objectName(snapshot.sequence()), signer.sign(snapshot.body()).getBytes(StandardCharsets.UTF_8));
            lastSnapshot = snapshot.sequence();
            log.info("Shipped a snapshot of the projections at sequence {} ({} parts)", snapshot.sequence(), snapshot.parts().size());
            return snapshot.sequence();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Taking a snapshot failed: " + e.getMessage(), e);
        }
    }

    /** What the repository holds now, read from the repository itself (not from what this server believes it shipped). */
    public BackupStatus status() {
        return BackupStatus.of(repository, signer.origin(), signer.key());
    }

    public String location() {
        return repository.location();
    }

    @Override
    public void close() {
        repository.close();
    }
}
