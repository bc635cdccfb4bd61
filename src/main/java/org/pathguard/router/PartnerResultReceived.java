package org.pathguard.router;

import java.util.UUID;

/** Event: a partner lab's result message (ORU^R01) for an order the router routed to it; kept, sealed, for the home lab. */
record PartnerResultReceived(UUID resultId, UUID orderId, String source, String sender, String controlId, String message,
                             String ack, String performingLab) {
}
