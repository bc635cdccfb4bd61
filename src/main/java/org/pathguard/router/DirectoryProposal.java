package org.pathguard.router;

import java.time.Instant;
import java.util.UUID;

/** A proposed change to the network directory and what became of it: in force only once a second person approved it. */
public record DirectoryProposal(UUID id, DirectoryChange change, String proposedBy, Instant proposedAt, State state,
                                String decidedBy, Instant decidedAt, String comment) {

    public enum State { AWAITING_APPROVAL, APPROVED, REFUSED }
}
