package org.pathguard.interop.hl7;

import java.util.UUID;

/** Event: a lab manager proposed a requester's result route; it takes effect only when a second person approves it. */
record RouteProposed(UUID proposalId, String requesterOds, String host, int port, String receivingApplication,
                     String receivingFacility, Boolean tls) {

    /** Proposals recorded before routes could be over TLS replay as plain MLLP. */
    RouteProposed {
        tls = Boolean.TRUE.equals(tls);
    }
}
