package org.pathguard.result;

import java.util.UUID;

/**
 * In-process notice (not a stored event) that an order's results changed to final or amended, so
 * reporting can release without the result feature depending on it.
 */
public record ResultsFinalised(UUID orderId, String actor, boolean amendment) {
}
