package org.pathguard.specimen;

import org.pathguard.lab.RejectionReason;

import java.time.Instant;
import java.util.UUID;

/** Event: a specimen cannot be tested; the requester must send another. */
record SpecimenRejected(UUID specimenId, UUID orderId, RejectionReason reason, String comment, Instant rejectedAt) {
}
