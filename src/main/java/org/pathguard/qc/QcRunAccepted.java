package org.pathguard.qc;

import java.util.UUID;

/** Event: after a failure, a person accepted a later passing run, in words saying why; the analyte is back in control. */
record QcRunAccepted(UUID runId, UUID failureId, String analyser, String analyte, String reason) {
}
