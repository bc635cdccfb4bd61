package org.pathguard.interop.hl7;

import java.time.Instant;
import java.util.UUID;

/** A proposed route and what became of it: awaiting approval, approved (then in force) or refused. */
public record RouteProposal(UUID id, Route route, String proposedBy, Instant proposedAt, State state, String decidedBy,
                            Instant decidedAt) {

    public enum State { AWAITING_APPROVAL, APPROVED, REFUSED }
}
