package org.pathguard.breach;

import java.util.UUID;

/** A scan stopped on an error, said in words; it can be resumed. */
public record BreachScanFailed(UUID scanId, String reason) {
}
