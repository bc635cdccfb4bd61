package org.pathguard.access;

import java.util.List;
import java.util.UUID;

/** The account holder chose a password (kept as its Argon2id hash) and proved their authenticator with a code. */
public record AccountEnrolled(UUID accountId, String passwordHash, byte[] totpSecret, List<byte[]> recoveryIndexes,
                              long totpStep) {
}
