package org.pathguard.access;

import java.util.UUID;

/**
 * An attempt to identify a patient that did not match what the lab holds (or was made while the
 * principal was throttled): counted against the principal, never answered with the patient.
 * {@code patientId} is the patient the NHS number belongs to, when there is one.
 */
public record PatientIdentificationRefused(String principal, Actor.Role role, String organisation, UUID patientId, String why) {
}
