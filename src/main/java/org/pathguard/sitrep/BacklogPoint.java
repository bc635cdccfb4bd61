package org.pathguard.sitrep;

import java.time.Instant;

/**
 * The backlog at one moment: tests held undone (deferred; null where the producer cannot know it) and tests received
 * in the lab whose order is not yet reported.
 */
public record BacklogPoint(Instant at, Integer deferred, int receivedNotReported) {
}
