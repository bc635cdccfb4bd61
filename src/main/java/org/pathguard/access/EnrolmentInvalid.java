package org.pathguard.access;

/** An enrolment link that is unknown, used already or expired. */
public class EnrolmentInvalid extends RuntimeException {

    public EnrolmentInvalid() {
        super("This enrolment link is not valid: it was used already, has expired (links last 72 hours) or was mistyped. Ask an administrator for a new one");
    }
}
