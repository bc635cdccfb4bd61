package org.pathguard.interop.hl7;

import java.time.Instant;

/** A host and port reports may be sent to, and who allowed it. */
public record Destination(String host, int port, String allowedBy, Instant allowedAt) {
}
