package org.pathguard.posture;

import org.pathguard.drill.RestoreDrill;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/** D1.c: the last restore drill, when, how long, and whether it passed. */
@Component
class RestoreDrillProbe implements Probe {

    private final RestoreDrill drill;
    private final Duration maxAge;

    RestoreDrillProbe(RestoreDrill drill, @Value("${pathguard.posture.restore-drill-max-age:P35D}") Duration maxAge) {
        this.drill = drill;
        this.maxAge = maxAge;
    }

    @Override
    public Indicator indicator() {
        return ResilienceRules.RESTORE_DRILL;
    }

    @Override
    public Reading take(Instant now) {
        return ResilienceRules.restoreDrill(drill.latest().map(d -> new ResilienceRules.LastDrill(d.startedAt(), d.duration(), d.passed(),
                d.repository(), d.eventsRestored(), d.counts(), d.reason(), d.runBy())), maxAge, now);
    }
}
