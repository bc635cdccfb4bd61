package org.pathguard.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Event: a restore drill ran, passed or failed. Who ran it is the event's own actor.
 *
 * @param eventsRestored the events the scratch copy held when the drill stopped (0 if the restore was refused)
 * @param counts         what was compared, "patient 30 of 30; result 412 of 412" (counts only, no patient data)
 * @param reason         why it failed, null when it passed
 */
record RestoreDrillRecorded(UUID drillId, Instant startedAt, Duration duration, boolean passed, String repository,
                            long eventsRestored, String counts, String reason) {
}
