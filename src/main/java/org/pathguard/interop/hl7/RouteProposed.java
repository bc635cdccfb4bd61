package org.pathguard.interop.hl7;

import java.util.UUID;

/** Event: a lab manager proposed a requester's result route; it takes effect only when a second person approves it. */
record RouteProposed(UUID proposalId, String requesterOds, String host, int port, String receivingApplication,
                     String receivingFacility, boolean tls) {
}
