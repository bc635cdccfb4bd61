package org.pathguard.report;

import java.util.UUID;

/** Event: a report for an order was issued to the requester; an amended report is a new version. */
record ReportReleased(UUID orderId, int version, boolean amended, Report.Content content) {
}
