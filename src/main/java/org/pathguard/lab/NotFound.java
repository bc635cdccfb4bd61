package org.pathguard.lab;

/** The thing a request names does not exist. The message names what was looked for, never patient data. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
