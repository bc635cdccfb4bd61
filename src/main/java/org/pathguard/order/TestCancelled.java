package org.pathguard.order;

import java.time.Instant;
import java.util.UUID;

/**
 * Event: a test on an order was cancelled before it had a result, by its requester's system (HL7 ORC-1 CA) or by a
 * scientist or lab manager, for {@code reason}. Nothing waits for it any more: not the report, not a worklist.
 */
public record TestCancelled(UUID orderId, String testCode, String cancelledBy, String reason, Instant cancelledAt) {
}
