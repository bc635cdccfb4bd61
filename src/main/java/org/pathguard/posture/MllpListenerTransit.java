package org.pathguard.posture;

import org.pathguard.interop.hl7.MllpListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * B3.b: HL7 arrives over TLS. Read from the listener of this process (serve's, as the posture screen and API see it);
 * a process with no listener (pathguard.mllp.enabled off, as the posture command runs) has none to read in clear.
 */
@Component
class MllpListenerTransit implements Probe {

    static final Indicator INDICATOR = new Indicator("b3b-mllp-listener-tls", CafOutcome.B3_B,
            "The MLLP listener takes HL7 over TLS only", Indicator.Kind.AUTOMATED);

    private final ObjectProvider<MllpListener> listener;

    MllpListenerTransit(ObjectProvider<MllpListener> listener) {
        this.listener = listener;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        MllpListener mllp = listener.getIfAvailable();
        if (mllp == null) {
            return new Reading(INDICATOR, Rating.ACHIEVED, "No MLLP listener runs in this process (pathguard.mllp.enabled is off)",
                    List.of(), now);
        }
        Transit end = new Transit("MLLP listener on " + mllp.bindAddress() + " port " + mllp.port(), mllp.bindAddress(), mllp.tls());
        List<Evidence> evidence = new ArrayList<>(Transit.evidence(List.of(end)));
        evidence.add(new Evidence("bind address (pathguard.mllp.bind-address)", mllp.bindAddress()));
        evidence.add(new Evidence("senders known by", mllp.clientCertificates() ? "their client certificates" : "their addresses"));
        Rating rating = Transit.rate(List.of(end));
        String finding = switch (rating) {
            case ACHIEVED -> "HL7 arrives over TLS" + (mllp.clientCertificates() ? ", each sender presenting a certificate the lab trusts" : "");
            case PARTIALLY_ACHIEVED -> "The MLLP listener takes plain MLLP, as the operator chose, on this machine only (" + mllp.bindAddress() + ")";
            case NOT_ACHIEVED -> "The MLLP listener takes plain MLLP from the network on " + mllp.bindAddress();
        };
        return new Reading(INDICATOR, rating, finding, evidence, now);
    }
}
