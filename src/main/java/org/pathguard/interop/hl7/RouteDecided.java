package org.pathguard.interop.hl7;

import java.util.UUID;

/** Event: a second person (another lab manager or the privacy officer) approved or refused a proposed route. */
record RouteDecided(UUID proposalId, boolean approved, String comment) {
}
