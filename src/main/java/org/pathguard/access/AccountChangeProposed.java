package org.pathguard.access;

import java.util.UUID;

/** A privileged change to an account, waiting for a second administrator. */
public record AccountChangeProposed(UUID changeId, UUID accountId, String username, AccountChange.Kind kind,
                                    Actor.Role newRole, String reason) {
}
