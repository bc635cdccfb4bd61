package org.pathguard.report;

import java.util.UUID;

/**
 * Event: a report for an order was issued to the requester; an amended report is a new version.
 * Public so that other features' projections (the outbound queue) can read it.
 */
public record ReportReleased(UUID orderId, int version, boolean amended, Report.Content content) {
}
