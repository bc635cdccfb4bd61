package org.pathguard.incident;

import java.util.UUID;

/** Event: a second person, never the one who declared it, confirmed that the incident is real. */
record IncidentConfirmed(UUID incidentId) {
}
