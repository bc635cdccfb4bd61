package org.pathguard.access;

import java.util.UUID;

/** A wrong password or second factor for a known account; enough of them lock it for a while. */
public record SignInFailed(UUID accountId, String factor) {
}
