package org.pathguard.interop.hl7;

import java.util.UUID;

/** Event: the requester's system acknowledged (AA) a report message. */
record ReportDelivered(UUID messageId, int attempts) {
}
