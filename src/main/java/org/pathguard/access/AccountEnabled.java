package org.pathguard.access;

import java.util.UUID;

/** A disabled account may sign in again; {@code approvedChange} names the second person's approval when one was needed. */
public record AccountEnabled(UUID accountId, String reason, UUID approvedChange) {
}
