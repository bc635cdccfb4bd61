package org.pathguard.order;

import java.time.Instant;
import java.util.UUID;

/**
 * Event: a scientist or pathologist added a test to an order already in the lab, to be done on the specimen
 * with {@code barcode}; the order's turnaround target becomes {@code targetMinutes}.
 */
public record TestAdded(UUID orderId, String testCode, String barcode, String addedBy, String reason, Instant addedAt,
                 int targetMinutes) {
}
