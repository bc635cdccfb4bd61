package org.pathguard.order;

import java.time.Instant;
import java.util.UUID;

/** Event: a labelled container was taken for an order. Its lifecycle in the lab is the specimen feature's. */
public record SpecimenCollected(UUID specimenId, UUID orderId, String barcode, String specimenType, String container,
                                Instant collectedAt) {
}
