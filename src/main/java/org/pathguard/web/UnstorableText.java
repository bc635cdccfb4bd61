package org.pathguard.web;

import java.sql.SQLException;

/**
 * A write PostgreSQL refused for a character it cannot store in text (NUL above all): the sender's
 * data is at fault, so it is a 422 to fix, not a clash to retry.
 */
public final class UnstorableText {

    public static final String MESSAGE = "A value contains a character that cannot be stored (such as NUL, byte 0x00); "
            + "remove it and send again. Nothing was recorded";

    private UnstorableText() {
    }

    /** SQLSTATE class 22 (data exception): 22021 character not in repertoire, 22P05 untranslatable character. */
    public static boolean causedBy(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }
}
