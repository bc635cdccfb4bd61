package org.pathguard.access;

import java.time.Instant;
import java.util.UUID;

/**
 * The old password, authenticator secret and recovery codes stop working; the person enrols again
 * through a new one-time link (held as a keyed hash, like an invitation's).
 */
public record AuthenticatorReset(UUID accountId, byte[] enrolmentIndex, Instant enrolmentExpires, String reason,
                                 UUID approvedChange) {
}
