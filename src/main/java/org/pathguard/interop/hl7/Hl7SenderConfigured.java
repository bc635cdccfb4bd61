package org.pathguard.interop.hl7;

import java.util.List;

/** Event: the administrator registered an HL7 sender, or changed what it may send. */
record Hl7SenderConfigured(String name, String certificate, String address, List<String> requesters, List<String> departments) {
}
