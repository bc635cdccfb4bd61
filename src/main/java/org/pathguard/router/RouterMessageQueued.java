package org.pathguard.router;

import java.util.UUID;

/**
 * Event: the router owes a message: an order's status or a partner's result to its requester, or a partner's result to
 * the home lab once it is back ({@code resultId} then names it). Sent until the receiver answers AA, then never again.
 */
record RouterMessageQueued(UUID messageId, Kind kind, UUID orderId, UUID resultId, Target target, String targetOds, String message) {

    enum Kind { STATUS, RESULT_TO_REQUESTER, RESULT_TO_HOME_LAB }

    enum Target { REQUESTER, LAB }
}
