package org.pathguard.access;

/** The privacy officer's finding on one break-glass read (the read's event sequence); a read is reviewed once. */
public record BreakGlassReviewed(long readSequence, BreakGlassOutcome outcome, String note) {
}
