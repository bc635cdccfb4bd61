package org.pathguard.interop.hl7;

/**
 * Where a requester's results go: their MLLP endpoint, how their system names itself, and whether the lab connects
 * over TLS presenting its client certificate ({@code pathguard.outbound.tls.*}).
 */
public record Route(String requesterOds, String host, int port, String receivingApplication, String receivingFacility,
                    boolean tls) {

    /** A route over plain MLLP (a private network link). */
    public Route(String requesterOds, String host, int port, String receivingApplication, String receivingFacility) {
        this(requesterOds, host, port, receivingApplication, receivingFacility, false);
    }
}
