package org.pathguard.interop.hl7;

/** Event: a requester's result route was set (or changed). {@code tls} came later: older events replay as plain MLLP. */
record RouteConfigured(String requesterOds, String host, int port, String receivingApplication, String receivingFacility,
                       Boolean tls) {

    RouteConfigured {
        tls = Boolean.TRUE.equals(tls);
    }
}
