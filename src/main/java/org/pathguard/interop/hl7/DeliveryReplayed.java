package org.pathguard.interop.hl7;

import java.util.UUID;

/** Event: someone sent a dead-lettered report message back to the queue. */
record DeliveryReplayed(UUID messageId) {
}
