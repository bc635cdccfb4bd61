package org.pathguard.lab;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a critical result may wait to be phoned (the Royal College of Pathologists' guidance asks for
 * prompt communication; labs set 30 to 60 minutes), and whom the bench calls once it has waited longer:
 * the duty biochemist, who takes over finding a clinician.
 */
public record CallDeadline(Duration phoneWithin, String escalateTo) {

    public CallDeadline {
        if (phoneWithin == null || phoneWithin.isNegative() || phoneWithin.isZero()) {
            throw new IllegalArgumentException("A critical result needs a time to be phoned within, more than zero");
        }
        if (escalateTo == null || escalateTo.isBlank()) {
            throw new IllegalArgumentException("Name whom an overdue critical result is escalated to");
        }
    }

    public Instant dueBy(Instant raisedAt) {
        return raisedAt.plus(phoneWithin);
    }

    /** Past its time and not yet phoned: escalate. */
    public boolean overdue(Instant raisedAt, Instant now) {
        return now.isAfter(dueBy(raisedAt));
    }
}
