package org.pathguard.interop.hl7;

import java.time.Instant;
import java.util.UUID;

/** A report message on its way to a requester's system, as the interface engineer sees it. */
public record OutboundMessage(UUID id, String accession, int reportVersion, String requesterOds, State state,
                              int attempts, Instant createdAt, Instant nextAttemptAt, String lastError,
                              Instant deliveredAt) {

    public enum State { PENDING, DELIVERED, DEAD }
}
