package org.pathguard.export;

import java.util.UUID;

/** A lab scientist asked for a list of results; identifiable lists wait for a second person's approval. */
public record ExportRequested(UUID exportId, boolean identifiable, ExportQuery query) {
}
