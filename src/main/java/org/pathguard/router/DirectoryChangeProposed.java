package org.pathguard.router;

import java.util.UUID;

/** Event: a network manager proposed a change to the directory; it takes effect only when a second person approves it. */
record DirectoryChangeProposed(UUID proposalId, DirectoryChange change) {
}
