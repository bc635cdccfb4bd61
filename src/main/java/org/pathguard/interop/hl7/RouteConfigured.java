package org.pathguard.interop.hl7;

/** Event: a requester's result route was set (or changed). */
record RouteConfigured(String requesterOds, String host, int port, String receivingApplication, String receivingFacility) {
}
