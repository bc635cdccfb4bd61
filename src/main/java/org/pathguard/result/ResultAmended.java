package org.pathguard.result;

import java.util.UUID;

/** Event: a reported result was corrected. The earlier version stays in the history. */
record ResultAmended(UUID resultId, UUID orderId, int version, Measurement measurement, boolean critical, String reason) {
}
