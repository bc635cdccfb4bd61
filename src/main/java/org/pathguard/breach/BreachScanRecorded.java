package org.pathguard.breach;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event: the privacy officer scanned a leaked dump for the lab's patients. Who is the event's own actor. What was
 * scanned is each top-level file's path in the dump, digest and size, so the scan can be shown to have covered the
 * dump as published; what it found is the {@link ScanSummary}, sealed with the field cipher and bound to this scan
 * ({@link #findingsBinding}), so it opens only here even for someone who can read the log's payloads.
 *
 * @param started  when the scan began (its first run, if it was interrupted and resumed)
 * @param files    every top-level file scanned, in the dump's order
 * @param findings the sealed {@link ScanSummary}
 */
record BreachScanRecorded(UUID scanId, String caseReference, Instant started, Instant finished, List<ScannedFile> files,
                          byte[] findings) {

    /** A top-level file of the dump; its digest is null when it could not be opened. */
    record ScannedFile(String path, String sha256, long bytes) {
    }

    static String findingsBinding(UUID scanId) {
        return "breach-scan.findings:" + scanId;
    }
}
