package org.pathguard.interop.hl7;

import java.util.UUID;

/**
 * Event: an inbound HL7 message was accepted; the raw message and its acknowledgement are kept (encrypted, as every payload).
 * {@code sender} is what MSH-3/MSH-4 claim; {@code source} the registered HL7 sender it came from (null before senders were known).
 */
record MessageAccepted(UUID id, String sender, String controlId, String messageType, String message, String ack, String source) {
}
