package org.pathguard.access;

import java.util.UUID;

/** An administrator lifted a lockout (after checking with the person): the failure count starts again. */
public record AccountUnlocked(UUID accountId, String reason) {
}
