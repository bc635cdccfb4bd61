package org.pathguard.router;

/**
 * A laboratory of the network as the router's directory knows it: its ODS code and name, where its MLLP listener is
 * (orders are passed to it there, over TLS when {@code tls}), and its HL7 receiving application and facility.
 */
public record NetworkLab(String ods, String name, String host, int port, boolean tls, String receivingApplication,
                         String receivingFacility) {
}
