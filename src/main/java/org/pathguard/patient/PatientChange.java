package org.pathguard.patient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One correction or merge as the patient's record shows it: the record it was made to, what changed (by field name),
 * why, by whom and when.
 */
public record PatientChange(UUID patientId, Kind kind, UUID otherPatientId, List<String> fields, String reason, String changedBy,
                            Instant changedAt) {

    public enum Kind {
        CORRECTED,
        /** This record was merged into {@code otherPatientId}. */
        MERGED_INTO,
        /** {@code otherPatientId} was merged into this record. */
        MERGED_FROM
    }
}
