package org.pathguard.breach;

import java.util.UUID;

/** A scan was still running when the server stopped; noticed when the next scan starts or this one resumes. */
public record BreachScanInterrupted(UUID scanId) {
}
