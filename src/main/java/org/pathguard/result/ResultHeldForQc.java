package org.pathguard.result;

import java.util.UUID;

/**
 * Event: a result still awaiting validation was held for QC as well, because its analyser's QC for the analyte failed
 * ({@code failureId}) after it was measured and before any later run was accepted.
 */
record ResultHeldForQc(UUID resultId, UUID orderId, UUID failureId) {
}
