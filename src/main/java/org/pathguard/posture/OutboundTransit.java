package org.pathguard.posture;

import org.pathguard.interop.hl7.Route;
import org.pathguard.interop.hl7.Routes;
import org.pathguard.network.Agreements;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * B3.b: HL7 leaves over TLS: reports to requesters (approved routes) and referrals to partner labs (agreements in
 * force). Read from what was recorded, so the posture command sees what serve uses. The network router's links to its
 * labs are not read: a lab knows the router only by messages (ArchitectureTest), and the router's directory already
 * says beside each lab whether it is over TLS.
 */
@Component
class OutboundTransit implements Probe {

    static final Indicator INDICATOR = new Indicator("b3b-outbound-mllp-tls", CafOutcome.B3_B,
            "Every outbound MLLP route (reports to requesters, referrals to partner labs) is over TLS", Indicator.Kind.AUTOMATED);

    private final ObjectProvider<Routes> routes;
    private final ObjectProvider<Agreements> agreements;

    OutboundTransit(ObjectProvider<Routes> routes, ObjectProvider<Agreements> agreements) {
        this.routes = routes;
        this.agreements = agreements;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        List<Transit> ends = new ArrayList<>();
        routes.ifAvailable(r -> {
            for (Route route : r.inForce()) {
                ends.add(new Transit("reports to " + route.requesterOds() + " at " + route.host() + ":" + route.port(), route.host(), route.tls()));
            }
        });
        agreements.ifAvailable(a -> a.partnerEndpoints().forEach((ods, e) ->
                ends.add(new Transit("referrals to " + ods + " at " + e.host() + ":" + e.port(), e.host(), e.tls()))));
        Rating rating = Transit.rate(ends);
        long plain = ends.stream().filter(e -> !e.tls()).count();
        String finding = ends.isEmpty() ? "No outbound MLLP routes are in force"
                : plain == 0 ? "All " + ends.size() + " outbound MLLP routes are over TLS"
                : plain + " of " + ends.size() + " outbound MLLP routes are plain MLLP" + (rating == Rating.PARTIALLY_ACHIEVED ? ", to this machine only" : "");
        return new Reading(INDICATOR, rating, finding, Transit.evidence(ends), now);
    }
}
