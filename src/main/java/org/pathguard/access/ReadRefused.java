package org.pathguard.access;

/** A read of patient data that the read policy does not allow; nothing was decrypted. */
public class ReadRefused extends RuntimeException {

    public ReadRefused(String message) {
        super(message);
    }
}
