package org.pathguard.report;

import java.util.UUID;

/**
 * Event: a clinician of the requesting practice or ward read a version of a report and filed it
 * (acknowledged it): who by name, when is the event's recording time. An amended report is a new
 * version and comes back to the inbox until it too is filed.
 */
public record ReportFiled(UUID orderId, int version, String requesterOds, String filedBy) {
}
