package org.pathguard.access;

import java.util.UUID;

/**
 * The privacy officer looked up who read a patient: audit work, which decrypts no clinical data and
 * spends no read budget, but is itself on the record. {@code patientId} is null when the NHS number
 * matched nobody (the number is not kept).
 */
public record ReadsLookedUp(UUID patientId) {
}
