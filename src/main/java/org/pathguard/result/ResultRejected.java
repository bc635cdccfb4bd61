package org.pathguard.result;

import java.util.UUID;

/** Event: a scientist refused a held result; the analyte must be repeated. */
record ResultRejected(UUID resultId, UUID orderId, String comment) {
}
