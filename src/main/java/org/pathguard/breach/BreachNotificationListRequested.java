package org.pathguard.breach;

import java.util.UUID;

/** The privacy officer asked for the notification list of a scan's confirmed patients: the export that will carry it. */
public record BreachNotificationListRequested(UUID scanId, UUID exportId) {
}
