package org.pathguard.access;

import java.util.UUID;

/** The person now works in another role; their sessions end, and they sign in again in the new one. */
public record AccountRoleChanged(UUID accountId, Actor.Role from, Actor.Role to, String reason, UUID approvedChange) {
}
