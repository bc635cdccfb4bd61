package org.pathguard.result;

import java.time.Instant;
import java.util.UUID;

/**
 * Event: the critical value was phoned, to whom (name and role; toldWhom is the two written together, and all
 * that events before names and roles were kept hold) and when, and read back by the listener.
 */
record CriticalResultPhoned(UUID alertId, UUID resultId, String toldWhom, Instant toldAt, boolean readBack,
                            String toldName, String toldRole) {
}
