package org.pathguard.network;

import org.pathguard.lab.Priority;

import java.time.Instant;
import java.util.UUID;

/**
 * One test of one order referred to one partner laboratory. {@code placerNumber} is what the partner knows it
 * by (ORC-2: our accession and test code); {@code partnerAccession} what the partner calls it once it accepted
 * the order; {@code reason} the refusal, cancellation or refused cancellation last recorded; {@code stateBefore}
 * where a cancellation request came from, for when the partner refuses it; {@code dueBy} when it is overdue
 * ({@link Overdue}), null when there was no agreement to time it by.
 */
public record Referral(UUID id, UUID orderId, String accession, String testCode, String partnerOds, Priority priority,
                       ReferralState state, ReferralState stateBefore, String partnerAccession, String reason,
                       String requestedBy, Instant requestedAt, Instant changedAt, Way way, String capacityOverride,
                       UUID dispatchId, Instant dueBy) {

    /** How the test came to be referred. */
    public enum Way {
        /** A scientist or lab manager chose to (one test, or a batch). */
        PERSON,
        /** The catalogue names a partner for a test this lab does not perform. */
        CATALOGUE_RULE
    }

    public String placerNumber() {
        return placerNumber(accession, testCode);
    }

    public static String placerNumber(String accession, String testCode) {
        return accession + "-" + testCode;
    }
}
