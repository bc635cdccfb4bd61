package org.pathguard.access;

/** A request that does not say, in a form we accept, who is acting. */
public class UnidentifiedActor extends RuntimeException {

    public UnidentifiedActor(String message) {
        super(message);
    }
}
