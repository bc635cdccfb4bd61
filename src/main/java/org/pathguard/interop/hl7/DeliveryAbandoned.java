package org.pathguard.interop.hl7;

import java.util.UUID;

/** Event: a report message was moved to the dead-letter state after refusal or too many failed attempts. */
record DeliveryAbandoned(UUID messageId, int attempts, String reason) {
}
