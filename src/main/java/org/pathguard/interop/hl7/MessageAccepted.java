package org.pathguard.interop.hl7;

import java.util.UUID;

/** Event: an inbound HL7 message was accepted; the raw message and its acknowledgement are kept (encrypted, as every payload). */
record MessageAccepted(UUID id, String sender, String controlId, String messageType, String message, String ack) {
}
