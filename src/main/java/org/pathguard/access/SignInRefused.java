package org.pathguard.access;

/** A sign-in or enrolment step that failed; the message says what to do without helping a guesser. */
public class SignInRefused extends RuntimeException {

    public SignInRefused(String message) {
        super(message);
    }
}
