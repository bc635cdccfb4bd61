package org.pathguard.result;

import java.time.Instant;
import java.util.UUID;

/** Event: the critical value was phoned, to whom and when, and read back by the listener. */
record CriticalResultPhoned(UUID alertId, UUID resultId, String toldWhom, Instant toldAt, boolean readBack) {
}
