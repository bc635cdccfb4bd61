package org.pathguard.router;

import java.util.UUID;

/** Event: the receiver answered a message the router owed with AE or AR; shown to the network manager, not sent again. */
record RouterMessageRefused(UUID messageId, int attempts, String reason) {
}
