package org.pathguard.access;

import java.util.List;
import java.util.UUID;

/**
 * Someone read patient data: who, which patients (by their pseudonymous ids), what, and why.
 * Appended before anything is decrypted.
 */
public record PatientDataRead(String principal, Actor.Role role, String organisation, String what,
                              List<Read> reads, String breakGlass) {

    public record Read(UUID patientId, ReadPolicy.Reason reason) {
    }
}
