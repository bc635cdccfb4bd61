package org.pathguard.interop.hl7;

/** Event: an HL7 sender was taken out of the directory; its messages are refused from now on. */
record Hl7SenderRemoved(String name) {
}
