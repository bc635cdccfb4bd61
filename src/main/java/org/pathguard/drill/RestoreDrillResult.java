package org.pathguard.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A restore drill as recorded: when, how long, what it compared and, if it failed, why. No patient data. */
public record RestoreDrillResult(UUID id, String runBy, Instant startedAt, Duration duration, boolean passed, String repository,
                                 long eventsRestored, String counts, String reason) {
}
