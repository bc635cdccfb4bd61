package org.pathguard.router;

import org.pathguard.lab.Priority;

import java.util.List;
import java.util.UUID;

/**
 * Event: the router took an order (one OML^O21 or ORM^O01) from a requester's registered HL7 sender ({@code source}),
 * with the message itself and the acknowledgement it answered (both sealed in the tables, never in clear).
 */
record OrderReceivedAtRouter(UUID orderId, String source, String sender, String controlId, String messageType, String message,
                             String ack, String requesterOds, String homeLab, String placerNumber, String placerGroup,
                             Priority priority, List<String> tests) {
}
