package org.pathguard.access;

import java.util.List;
import java.util.UUID;

/** A read the policy or the budget refused; nothing was decrypted. */
public record PatientReadRefused(String principal, Actor.Role role, String what, List<UUID> patientIds, String why) {
}
