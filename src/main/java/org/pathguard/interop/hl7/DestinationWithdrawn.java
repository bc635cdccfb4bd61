package org.pathguard.interop.hl7;

/** Event: the administrator took a host and port off the list of places reports may be sent. */
record DestinationWithdrawn(String host, int port) {
}
