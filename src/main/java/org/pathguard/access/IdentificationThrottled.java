package org.pathguard.access;

/** A principal whose recent attempts to identify patients did not match is refused further attempts for a while. */
public class IdentificationThrottled extends ReadBudgetExceeded {

    public IdentificationThrottled(String message) {
        super(message);
    }
}
