package org.pathguard.result;

import org.pathguard.lab.HoldReason;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A result as it stands now, decrypted for an authorised reader. {@code performedBy} names the partner laboratory
 * that performed a referred test; null when this lab did it (see {@link ThisLab#performerOf}). {@code analyser} is the
 * code of the registered analyser that measured it, null when none was named.
 */
public record LabResult(UUID id, UUID orderId, UUID specimenId, UUID patientId, String testCode, String analyteCode,
                        int version, ResultStatus status, boolean critical, List<HoldReason> holdReasons,
                        Measurement measurement, Instant recordedAt, String recordedBy, Instant authorisedAt,
                        String authorisedBy, PerformingLab performedBy, String analyser) {

    /** Held for a reason a person must confirm deliberately before authorising (see {@link HoldReason#needsConfirmation}). */
    public boolean needsConfirmation() {
        return holdReasons.stream().anyMatch(HoldReason::needsConfirmation);
    }
}
