package org.pathguard.access;

import java.time.Instant;
import java.util.UUID;

/**
 * A never-enrolled person's invitation gets a new one-time link (held as a keyed hash), replacing the
 * old one; unlike {@link AuthenticatorReset} there is no identity to take over, so one administrator does it.
 */
public record InvitationRenewed(UUID accountId, byte[] enrolmentIndex, Instant enrolmentExpires, String reason) {
}
