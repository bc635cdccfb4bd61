package org.pathguard.access;

import java.util.UUID;

/** The second administrator's decision on a proposed account change; an approval is followed by the change itself. */
public record AccountChangeDecided(UUID changeId, boolean approved, String comment) {
}
