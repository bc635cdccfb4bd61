package org.pathguard.order;

import org.pathguard.lab.Priority;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Event: a requester asked for tests on a patient, and the lab gave the request an accession number. */
record OrderPlaced(UUID orderId, String accession, UUID patientId, String requesterOds, String clinician,
                   Priority priority, String clinicalDetails, String placerOrderNumber, List<String> tests,
                   Instant placedAt, int targetMinutes) {
}
