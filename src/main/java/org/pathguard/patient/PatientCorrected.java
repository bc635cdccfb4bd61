package org.pathguard.patient;

import org.pathguard.lab.Sex;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Event: a patient's demographics were corrected. It carries the record as it now reads (the projection re-seals it
 * and re-computes its blind indexes), the names of the fields that changed, and why.
 */
public record PatientCorrected(UUID patientId, String nhsNumber, String hospitalNumber, String familyName, String givenName,
                               LocalDate dateOfBirth, Sex sex, String postcode, boolean testPatient, List<String> fields,
                               String reason) {

    Patient patient() {
        return new Patient(patientId, nhsNumber, hospitalNumber, familyName, givenName, dateOfBirth, sex, postcode, testPatient);
    }

    static PatientCorrected of(RecordChanges.Corrected corrected) {
        Patient p = corrected.patient();
        return new PatientCorrected(p.id(), p.nhsNumber(), p.hospitalNumber(), p.familyName(), p.givenName(), p.dateOfBirth(),
                p.sex(), p.postcode(), p.testPatient(), corrected.fields(), corrected.reason());
    }
}
