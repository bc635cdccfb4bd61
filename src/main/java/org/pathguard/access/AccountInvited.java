package org.pathguard.access;

import java.time.Instant;
import java.util.UUID;

/** An administrator (or the first-administrator command) created an account to be enrolled through a one-time link. */
public record AccountInvited(UUID accountId, String username, Actor.Role role, String organisation, String oidcSubject,
                             byte[] enrolmentIndex, Instant enrolmentExpires) {
}
