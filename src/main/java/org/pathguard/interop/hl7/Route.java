package org.pathguard.interop.hl7;

/** Where a requester's results go: their MLLP endpoint and how their system names itself. */
public record Route(String requesterOds, String host, int port, String receivingApplication, String receivingFacility) {
}
