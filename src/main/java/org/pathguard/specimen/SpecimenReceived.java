package org.pathguard.specimen;

import java.time.Instant;
import java.util.UUID;

/** Event: a specimen arrived in the lab and was accepted for testing. */
record SpecimenReceived(UUID specimenId, UUID orderId, Instant receivedAt) {
}
