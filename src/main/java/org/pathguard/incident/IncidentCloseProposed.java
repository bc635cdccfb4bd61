package org.pathguard.incident;

import java.util.UUID;

/** Event: a manager proposed ending the incident, saying why in the closing summary; it lasts until a second person confirms. */
record IncidentCloseProposed(UUID incidentId, String closingSummary) {
}
