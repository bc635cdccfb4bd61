package org.pathguard.order;

import java.util.UUID;

/**
 * In-process notice (not a stored event) that tests of an order were cancelled, so reporting can release a report
 * that waited only for them, without the order feature depending on reporting.
 */
public record TestsCancelled(UUID orderId, String actor) {
}
