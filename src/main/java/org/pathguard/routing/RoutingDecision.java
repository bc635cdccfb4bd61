package org.pathguard.routing;

/** The fate of one request for a fallen lab, with the words the requester is told. */
public sealed interface RoutingDecision {

    String note();

    /** Sent to a partner laboratory, expected back within {@code minutesToResult}; {@code withinTarget} false when it is the best there is but late. */
    record Routed(String partnerOds, String partnerName, int minutesToResult, boolean withinTarget, String note) implements RoutingDecision {
    }

    /** Held at the router until the home lab is back, then sent to it in priority and age order. */
    record Deferred(String note) implements RoutingDecision {
    }

    /** Not taken: the requester must arrange the test another way, now. */
    record Refused(String note) implements RoutingDecision {
    }
}
