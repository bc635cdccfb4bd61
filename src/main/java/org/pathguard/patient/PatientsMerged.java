package org.pathguard.patient;

import java.util.UUID;

/**
 * Event: two records were found to be one person. The duplicate's orders, specimens and results now belong to the
 * survivor; the duplicate keeps its history but no NHS number, and takes no new work.
 */
public record PatientsMerged(UUID duplicateId, UUID survivorId, RecordChanges.NhsNumberInError nhsNumberInError,
                             String reason) {
}
