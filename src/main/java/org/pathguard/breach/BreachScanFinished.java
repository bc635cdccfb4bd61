package org.pathguard.breach;

import java.util.UUID;

/** A scan ran to the end: the counts of what it found (the outputs and the sealed BreachScanRecorded event hold the rest). */
public record BreachScanFinished(UUID scanId, ScanOutcome outcome) {
}
