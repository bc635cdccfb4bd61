package org.pathguard.incident;

import java.util.UUID;

/** Event: a second person, never the one who proposed the close, confirmed it: the incident is over from now. */
record IncidentClosed(UUID incidentId) {
}
