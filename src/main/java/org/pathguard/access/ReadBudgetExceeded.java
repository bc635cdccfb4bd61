package org.pathguard.access;

/** A read that would take a principal past its budget of distinct patients; nothing was decrypted. */
public class ReadBudgetExceeded extends ReadRefused {

    public ReadBudgetExceeded(String message) {
        super(message);
    }
}
