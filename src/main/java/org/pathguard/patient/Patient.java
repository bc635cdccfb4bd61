package org.pathguard.patient;

import org.pathguard.lab.Sex;

import java.time.LocalDate;
import java.util.UUID;

/** A patient as the lab knows them. The id is pseudonymous: it reveals nothing about the person. */
public record Patient(UUID id, String nhsNumber, String hospitalNumber, String familyName, String givenName,
                      LocalDate dateOfBirth, Sex sex, String postcode, boolean testPatient) {
}
