package org.pathguard.specimen;

import org.pathguard.lab.RejectionReason;

import java.time.Instant;
import java.util.UUID;

/** A labelled container and where it is in its life: collected, received or rejected. */
public record Specimen(UUID id, String barcode, UUID orderId, String specimenType, String container,
                       Instant collectedAt, Instant receivedAt, Status status, RejectionReason rejectionReason) {

    public enum Status { COLLECTED, RECEIVED, REJECTED }
}
