package org.pathguard.order;

import org.pathguard.lab.Priority;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A request for tests. The patient is named by id, or by NHS number with the family name and date of
 * birth that identify them together; the accession is assigned by the lab unless the request form
 * carried a pre-printed one.
 */
public record OrderRequest(UUID patientId, String nhsNumber, String familyName, LocalDate dateOfBirth, String requesterOds, String clinician, Priority priority,
                           String clinicalDetails, String placerOrderNumber, String accession, List<String> tests,
                           List<SpecimenLabel> specimens) {

    /** A container taken with the request. */
    public record SpecimenLabel(String barcode, String specimenType, Instant collectedAt) {
    }
}
