package org.pathguard.router;

import java.util.UUID;

/** Event: the home lab (or the partner, when {@code partner}) answered the order with AE or AR; the reason is shown, not retried. */
record OrderRefusedByLab(UUID orderId, String labOds, boolean partner, String ackCode, String reason) {
}
