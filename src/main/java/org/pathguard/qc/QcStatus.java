package org.pathguard.qc;

import java.time.Instant;
import java.util.UUID;

/**
 * Where one analyte on one analyser stands: in control or not, the open failure if not, its last run and the last
 * accepted run (null when it has none).
 */
public record QcStatus(String analyser, String analyte, boolean inControl, QcFailure failure, UUID lastRun,
                       Instant lastRunAt, QcOutcome lastOutcome, UUID lastAcceptedRun, Instant lastAcceptedAt) {
}
