package org.pathguard.router;

import java.time.Instant;

/** Event: passing messages to a lab began to fail at {@code since}; the router suspects it when this lasts. */
record LabUnreachable(String labOds, Instant since) {
}
