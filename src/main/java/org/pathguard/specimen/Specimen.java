package org.pathguard.specimen;

import org.pathguard.lab.RejectionReason;

import java.time.Instant;
import java.util.UUID;

/**
 * A labelled container and where it is in its life: collected, received or rejected; or ELSEWHERE, a tube of this lab's
 * requester that a partner laboratory tested while this lab was down (never here: its results are filed from the partner).
 */
public record Specimen(UUID id, String barcode, UUID orderId, String specimenType, String container,
                       Instant collectedAt, Instant receivedAt, Status status, RejectionReason rejectionReason) {

    public enum Status { COLLECTED, RECEIVED, REJECTED, ELSEWHERE }
}
