package org.pathguard.router;

import java.util.UUID;

/** Event: a second person (another network manager or the privacy officer) approved or refused a directory change. */
record DirectoryChangeDecided(UUID proposalId, boolean approved, String comment) {
}
