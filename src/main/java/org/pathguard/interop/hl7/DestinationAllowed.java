package org.pathguard.interop.hl7;

/** Event: the administrator put a host and port on the list of places reports may be sent. */
record DestinationAllowed(String host, int port) {
}
