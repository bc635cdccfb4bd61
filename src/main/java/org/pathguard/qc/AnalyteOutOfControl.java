package org.pathguard.qc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event: a rejected QC run put an analyte on an analyser out of control. {@code since} is when the last accepted run
 * before it was measured (null: none ever was); {@code lookBack} the patient results released since then, listed for
 * review as they stood at the failure.
 */
record AnalyteOutOfControl(UUID failureId, String analyser, String analyte, UUID runId, List<String> rules, String explanation,
                           UUID lastAcceptedRun, Instant since, List<UUID> lookBack) {
}
