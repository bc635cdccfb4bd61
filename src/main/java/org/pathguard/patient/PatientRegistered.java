package org.pathguard.patient;

import org.pathguard.lab.Sex;

import java.time.LocalDate;
import java.util.UUID;

/** Event: a patient became known to the lab. */
record PatientRegistered(UUID patientId, String nhsNumber, String hospitalNumber, String familyName,
                         String givenName, LocalDate dateOfBirth, Sex sex, String postcode, boolean testPatient) {
}
