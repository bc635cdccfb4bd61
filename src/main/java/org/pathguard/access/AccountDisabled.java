package org.pathguard.access;

import java.util.UUID;

/** The account can no longer sign in by any means, and its sessions end at their next request. */
public record AccountDisabled(UUID accountId, String reason) {
}
