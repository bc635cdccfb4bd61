package org.pathguard.posture;

import org.pathguard.interop.hl7.MllpListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * B3.b: HL7 arrives over TLS. Read from the listener of this process (serve's, as the posture screen and API see it).
 * A process with no listener (as the posture command runs) has not seen the one serve runs: it rates what its own
 * configuration says when that enables a listener, and never better than partially achieved, since a configuration is
 * not the listener; with no listener configured either, it says so and sends the reader to the running server.
 */
@Component
class MllpListenerTransit implements Probe {

    static final Indicator INDICATOR = new Indicator("b3b-mllp-listener-tls", CafOutcome.B3_B,
            "The MLLP listener takes HL7 over TLS only", Indicator.Kind.AUTOMATED);

    /** pathguard.mllp.* as this process has them (the listener's own defaults). */
    record Configured(boolean enabled, boolean plain, String bindAddress, boolean keyStore) {
    }

    private final ObjectProvider<MllpListener> listener;
    private final Environment environment;

    MllpListenerTransit(ObjectProvider<MllpListener> listener, Environment environment) {
        this.listener = listener;
        this.environment = environment;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        MllpListener mllp = listener.getIfAvailable();
        if (mllp == null) {
            return notRunningHere(new Configured(environment.getProperty("pathguard.mllp.enabled", Boolean.class, false),
                    environment.getProperty("pathguard.mllp.plain", Boolean.class, false),
                    environment.getProperty("pathguard.mllp.bind-address", "127.0.0.1"),
                    !environment.getProperty("pathguard.mllp.tls.key-store", "").isBlank()), now);
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

    /** No listener in this process: what its configuration says, never achieved, since nothing was observed. */
    static Reading notRunningHere(Configured c, Instant now) {
        if (!c.enabled()) {
            return new Reading(INDICATOR, Rating.PARTIALLY_ACHIEVED, "Not observed: no listener runs in this process; read from the running server",
                    List.of(new Evidence("pathguard.mllp.enabled", "false in this process")), now);
        }
        // The listener takes TLS when it has a key store, plain MLLP when the operator allowed it, and refuses to start otherwise.
        boolean tls = c.keyStore();
        Transit end = new Transit("MLLP listener configured on " + c.bindAddress(), c.bindAddress(), tls);
        List<Evidence> evidence = new ArrayList<>(Transit.evidence(List.of(end)));
        evidence.add(new Evidence("bind address (pathguard.mllp.bind-address)", c.bindAddress()));
        evidence.add(new Evidence("read from", "the configuration, not observed (no listener runs in this process)"));
        if (!tls && !c.plain()) {
            return new Reading(INDICATOR, Rating.PARTIALLY_ACHIEVED, "Read from the configuration, not observed: a listener configured with "
                    + "neither a key store nor plain MLLP does not start", evidence, now);
        }
        Rating rating = Transit.rate(List.of(end)).worse(Rating.PARTIALLY_ACHIEVED);
        String finding = "Read from the configuration, not observed: " + (tls ? "the listener is configured for TLS"
                : end.loopback() ? "the listener is configured for plain MLLP on this machine only (" + c.bindAddress() + ")"
                : "the listener is configured for plain MLLP from the network on " + c.bindAddress());
        return new Reading(INDICATOR, rating, finding, evidence, now);
    }
}
