package org.pathguard.breach.detect;

import java.util.Set;
import java.util.function.Consumer;

/**
 * One document's text read through the {@link Detector}, fed in pieces of any size as the reader produces them (a
 * word, a number or a line may be split between pieces). Not thread-safe: one document, one thread.
 */
public final class DocumentScan {

    private final String document;
    private final Consumer<Excerpt> out;
    private long characters;

    DocumentScan(String document, Consumer<Excerpt> out) {
        this.document = document;
        this.out = out;
    }

    /** The next piece of the document's text. */
    public void text(char[] chars, int offset, int length) {
        characters += length;
    }

    /** The document is finished: the last lines are read and their excerpts emitted. */
    public void end() {
    }

    /** The PathGuard export fingerprints the document carries (16 hex digits each), visible or invisible. */
    public Set<String> fingerprints() {
        return Set.of();
    }

    /** The characters read so far. */
    public long characters() {
        return characters;
    }
}
