package org.pathguard.backup;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where sealed log segments, their signed manifests and checkpoints are shipped. Write-once: an
 * object is created and never overwritten or deleted, so the store can be WORM or append-only.
 */
public interface BackupRepository extends AutoCloseable {

    /**
     * Stores an object under a new name. Storing the same bytes again under the same name does
     * nothing (a retry after a crash); other bytes under an existing name are refused.
     */
    void putOnce(String name, byte[] content);

    Optional<byte[]> read(String name);

    /** Names under a prefix, in name order. */
    List<String> list(String prefix);

    /** Where this repository is, for messages. */
    String location();

    @Override
    default void close() {
    }

    /** A directory path, or {@code s3://bucket/prefix} (with {@code ?endpoint=} for an S3-compatible server). */
    static BackupRepository open(String uri) {
        if (uri.startsWith("s3://")) {
            return S3Repository.open(URI.create(uri));
        }
        return new DirectoryRepository(Path.of(uri.startsWith("file:") ? URI.create(uri).getPath() : uri));
    }
}
