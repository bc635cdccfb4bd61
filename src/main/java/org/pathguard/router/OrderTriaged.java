package org.pathguard.router;

import java.util.UUID;

/** Event: an order for a fallen lab was triaged by the routing policy: ROUTED to {@code partnerOds}, DEFERRED or REFUSED. */
record OrderTriaged(UUID orderId, Outcome outcome, String partnerOds, String note) {

    enum Outcome { ROUTED, DEFERRED, REFUSED }
}
