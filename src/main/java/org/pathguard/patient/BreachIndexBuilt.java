package org.pathguard.patient;

import java.util.List;
import java.util.UUID;

/**
 * Event: the blind indexes a breach scan matches by were made for patients registered before they existed (ADR 0044).
 * It carries the indexes themselves (keyed HMACs, never a name or date), so replaying it needs nothing but the event.
 */
record BreachIndexBuilt(List<Indexed> patients) {

    /** One patient's indexes, and the letter/digit shape of their hospital number (null when they have none). */
    record Indexed(UUID patientId, byte[] familyBirthIndex, byte[] nameIndex, String hospitalShape) {
    }
}
