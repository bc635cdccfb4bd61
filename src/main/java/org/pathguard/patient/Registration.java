package org.pathguard.patient;

import org.pathguard.lab.Sex;

import java.time.LocalDate;

/** What a requester tells the lab about a new patient. */
public record Registration(String nhsNumber, String hospitalNumber, String familyName, String givenName,
                           LocalDate dateOfBirth, Sex sex, String postcode) {
}
