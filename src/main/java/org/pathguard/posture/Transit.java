package org.pathguard.posture;

import java.util.List;

/**
 * One end of an HL7 connection and whether it is over TLS, and the rule for B3.b: TLS everywhere is achieved; plain
 * MLLP the operator chose but only on this machine (loopback) is partially achieved; plain MLLP that crosses the
 * network is not achieved, since anyone on the path reads the patients in the messages.
 *
 * @param name what it is, e.g. "reports to G85001 at results.example.nhs.uk:2575"
 * @param host the address listened on or connected to, as configured (no name is looked up)
 */
record Transit(String name, String host, boolean tls) {

    boolean loopback() {
        String h = host.toLowerCase();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.equals("[::1]");
    }

    static Rating rate(List<Transit> ends) {
        Rating rating = Rating.ACHIEVED;
        for (Transit end : ends) {
            if (!end.tls()) {
                rating = rating.worse(end.loopback() ? Rating.PARTIALLY_ACHIEVED : Rating.NOT_ACHIEVED);
            }
        }
        return rating;
    }

    static List<Evidence> evidence(List<Transit> ends) {
        return ends.stream().map(e -> new Evidence(e.name(), e.tls() ? "TLS" : e.loopback() ? "plain MLLP, this machine only"
                : "plain MLLP across the network")).toList();
    }
}
