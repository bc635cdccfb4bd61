package org.pathguard.backup;

import org.pathguard.audit.CheckpointKey;
import org.pathguard.writeonce.WriteOnceStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * What a repository holds, read from the repository alone: how many segments, the last sequence
 * shipped and when its checkpoint was made. The gap between that time and now is the current RPO.
 */
public final class BackupStatus {

    static final String KEYS = "keys/";

    private final long segments;
    private final Manifest last;
    private final byte[] lastStored;
    private final Instant lastCheckpointAt;

    private BackupStatus(long segments, Manifest last, byte[] lastStored, Instant lastCheckpointAt) {
        this.segments = segments;
        this.last = last;
        this.lastStored = lastStored;
        this.lastCheckpointAt = lastCheckpointAt;
    }

    /** Reads the status, trusting the manifests only if {@code key} signed them. */
    public static BackupStatus of(WriteOnceStore repository, String origin, CheckpointKey key) {
        List<String> manifests = repository.list(Manifest.FOLDER);
        if (manifests.isEmpty()) {
            return new BackupStatus(0, null, null, null);
        }
        String name = manifests.getLast();
        byte[] stored = repository.read(name).orElseThrow();
        Manifest last;
        try {
            last = Manifest.open(stored, origin, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The backup repository's last manifest " + name + " cannot be used: " + e.getMessage(), e);
        }
        return new BackupStatus(manifests.size(), last, stored, last.checkpoint(key).time());
    }

    /**
     * The checkpoint keys the repository was shipped with (the shipper stores one file per key the lab has had, named
     * by its fingerprint, so not in order): all of them together, so manifests signed before and after a rotation of
     * the checkpoint key both check.
     */
    public static CheckpointKey storedKey(WriteOnceStore repository) {
        List<String> keys = repository.list(KEYS);
        if (keys.isEmpty()) {
            throw new IllegalStateException("The repository " + repository.location() + " holds no checkpoint key; give --public-key");
        }
        return CheckpointKey.union(keys.stream()
                .map(name -> CheckpointKey.fromJson(new String(repository.read(name).orElseThrow(), StandardCharsets.UTF_8))).toList());
    }

    static String keyName(CheckpointKey key) {
        return KEYS + "checkpoint-" + key.fingerprint().substring(0, 16) + ".json";
    }

    public long segments() {
        return segments;
    }

    public long lastSequence() {
        return last == null ? 0 : last.lastSequence();
    }

    public Instant lastCheckpointAt() {
        return lastCheckpointAt;
    }

    Manifest last() {
        return last;
    }

    byte[] lastStored() {
        return lastStored;
    }
}
