package org.pathguard.breach.detect;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds what identifies people in the text of a leaked dump, and the health data beside it. One detector serves the
 * whole scan: it holds only the lab's vocabulary, compiled once, and is safe to share between worker threads; each
 * document gets its own {@link DocumentScan}.
 */
public final class Detector {

    private final Vocabulary vocabulary;

    public Detector(Vocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    /**
     * Starts reading one document ({@code document} is its path in the dump, carried into every excerpt). Excerpts go
     * to {@code out} as their lines are finished, on the thread that feeds the scan.
     */
    public DocumentScan start(String document, Consumer<Excerpt> out) {
        return new DocumentScan(document, out);
    }
}
