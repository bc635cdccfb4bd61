package org.pathguard.qc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event: a QC run of one analyte on one analyser was recorded and judged. {@code acceptedInControl}: it passed or
 * only warned while the analyte was in control, so it is the new last accepted run by itself.
 */
record QcRunRecorded(UUID runId, String analyser, String analyte, int runOrder, Instant measuredAt, List<RecordedPoint> points,
                     QcOutcome outcome, List<QcRun.Finding> findings, boolean acceptedInControl) {

    record RecordedPoint(UUID id, String material, java.math.BigDecimal value, java.math.BigDecimal mean, java.math.BigDecimal sd) {
    }
}
