package org.pathguard.order;

import org.pathguard.lab.Priority;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as other features need it: who it is for, what was asked, and how urgently. */
public record LabOrder(UUID id, String accession, UUID patientId, String requesterOds, String clinician,
                       Priority priority, String placerOrderNumber, List<String> tests, Instant placedAt,
                       int targetMinutes) {
}
