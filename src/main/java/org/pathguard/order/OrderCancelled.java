package org.pathguard.order;

import java.time.Instant;
import java.util.UUID;

/** Event: the last test still requested on an order was cancelled, so the order itself is: no report will come. */
public record OrderCancelled(UUID orderId, String cancelledBy, String reason, Instant cancelledAt) {
}
