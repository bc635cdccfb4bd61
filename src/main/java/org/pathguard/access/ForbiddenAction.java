package org.pathguard.access;

/** The actor's role does not allow the action. */
public class ForbiddenAction extends RuntimeException {

    public ForbiddenAction(String message) {
        super(message);
    }
}
