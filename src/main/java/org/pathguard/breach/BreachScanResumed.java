package org.pathguard.breach;

import java.util.UUID;

/** A scan that was interrupted or failed runs again over the same paths into the same directory, continuing where it stopped. */
public record BreachScanResumed(UUID scanId) {
}
