package org.pathguard.export;

import java.util.UUID;

/** A second person (not the requester) approved or refused an identifiable export. */
public record ExportDecided(UUID exportId, boolean approved, String comment) {
}
