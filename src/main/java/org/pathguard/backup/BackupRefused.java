package org.pathguard.backup;

/** A backup that cannot be trusted, with the exact segment and what is wrong with it; nothing was restored. */
public final class BackupRefused extends RuntimeException {

    BackupRefused(String message) {
        super(message);
    }

    BackupRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
