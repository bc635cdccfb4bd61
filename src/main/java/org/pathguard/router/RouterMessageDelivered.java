package org.pathguard.router;

import java.util.UUID;

/** Event: the receiver acknowledged a message the router owed with AA. */
record RouterMessageDelivered(UUID messageId, int attempts) {
}
