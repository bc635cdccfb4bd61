package org.pathguard.order;

import org.pathguard.lab.Priority;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as other features need it: who it is for, what was asked, and how urgently. {@code performedElsewhere} is
 * the partner laboratory (ODS code) that did an order filed as done elsewhere, null for this lab's own: read with the
 * order, so a result message need not ask for it again (ADR 0056).
 */
public record LabOrder(UUID id, String accession, UUID patientId, String requesterOds, String clinician,
                       Priority priority, String placerOrderNumber, List<String> tests, Instant placedAt,
                       int targetMinutes, String performedElsewhere) {
}
