package org.pathguard.backup;

import org.pathguard.writeonce.WriteOnceStore;
import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.CheckpointKey;

import java.time.Instant;
import java.util.List;

/**
 * What a repository holds, read from the repository alone: how many segments, the last sequence
 * shipped and when its checkpoint was made. The gap between that time and now is the current RPO.
 */
public record BackupStatus(String location, long segments, Manifest last, byte[] lastStored, Instant lastCheckpointAt) {

    static BackupStatus read(WriteOnceStore repository, String origin, CheckpointKey key) {
        List<String> manifests = repository.list(Manifest.FOLDER);
        if (manifests.isEmpty()) {
            return new BackupStatus(repository.location(), 0, null, null, null);
        }
        String name = manifests.getLast();
        byte[] stored = repository.read(name).orElseThrow();
        Manifest last;
        try {
            last = Manifest.open(stored, origin, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The backup repository's last manifest " + name + " cannot be used: " + e.getMessage(), e);
        }
        Checkpoint checkpoint = last.checkpoint(key);
        return new BackupStatus(repository.location(), manifests.size(), last, stored, checkpoint.time());
    }

    public long lastSequence() {
        return last == null ? 0 : last.lastSequence();
    }
}
