package org.pathguard.qc;

import java.time.Instant;
import java.util.UUID;

/**
 * A patient result as a look-back lists it: what to recall or confirm and whom to tell. {@code reportVersion} is the
 * latest released version of the order's report (with {@code accession}, the report's id; null if none was issued).
 */
public record ReleasedResult(UUID resultId, UUID patientId, String accession, String testCode, String analyteCode,
                             String status, Instant recordedAt, String releasedBy, String requesterOds, String clinician,
                             Integer reportVersion) {
}
