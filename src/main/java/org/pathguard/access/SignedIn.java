package org.pathguard.access;

import java.util.UUID;

/** Both factors passed (or single sign-on with a second factor). A recovery code, once used, is gone. */
public record SignedIn(UUID accountId, String method, long totpStep, byte[] recoveryIndexUsed) {
}
