package org.pathguard.writeonce;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A write-once store: an object is created and never overwritten or deleted, so the store can sit
 * on WORM or append-only storage. Backups (segments, manifests) and directory witnesses use it.
 */
public interface WriteOnceStore extends AutoCloseable {

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
    static WriteOnceStore open(String uri) {
        if (uri.startsWith("s3://")) {
            return S3Store.open(URI.create(uri));
        }
        return new DirectoryStore(Path.of(uri.startsWith("file:") ? URI.create(uri).getPath() : uri));
    }
}
