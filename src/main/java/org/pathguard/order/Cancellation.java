package org.pathguard.order;

import java.util.List;

/** What a cancellation did: the order (as it was), the tests cancelled, and whether that cancelled the whole order. */
public record Cancellation(LabOrder order, List<String> cancelledTests, boolean orderCancelled) {
}
