package org.pathguard.breach;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a scan found, for the privacy officer's ICO report: summary.json and summary.pdf, and sealed in the scan's
 * event. Counts, categories, organisation codes, staff names of traced exports and paths in the dump: no patient's
 * identifier.
 *
 * @param confirmedByCategory     confirmed patients by the data exposed about them (the category's words)
 * @param confirmedByOrganisation confirmed patients by the organisations (ODS codes) whose patients they are
 * @param unreadableDocuments     the documents not read and why, as files.csv's errors say them
 */
record ScanSummary(UUID scanId, String caseReference, String scannedBy, Instant started, Instant finished, int files,
                   int filesResumed, long documents, long bytes, long characters, int confirmedPatients,
                   int possiblePatients, int otherControllersNhsNumbers, long testPatientMentions,
                   Map<String, Integer> confirmedByCategory, Map<String, Integer> confirmedByOrganisation,
                   List<TracedExport> exportsTraced, List<String> unreadableDocuments) {

    /** A PathGuard export found in the dump by its fingerprint, with who asked for it and who approved it. */
    record TracedExport(String fingerprint, UUID exportId, String requestedBy, Instant requestedAt, boolean identifiable,
                        String decidedBy, Instant decidedAt, Instant producedAt, List<String> files) {
    }
}
