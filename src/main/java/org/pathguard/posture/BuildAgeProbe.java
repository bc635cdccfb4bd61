package org.pathguard.posture;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * B4.d: the running build is recent, so it carries current fixes of its dependencies. Its age is the SBOM's own
 * timestamp (when the build resolved the dependencies it lists); {@code pathguard.posture.build-max-age} (P90D).
 */
@Component
class BuildAgeProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b4d-build-age", CafOutcome.B4_D,
            "The running build is recent enough to carry current fixes of its dependencies", Indicator.Kind.AUTOMATED);

    private final Sbom sbom;
    private final Duration max;

    BuildAgeProbe(Sbom sbom, @Value("${pathguard.posture.build-max-age:P90D}") Duration max) {
        this.sbom = sbom;
        this.max = max;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        Sbom.Summary s = sbom.summary();
        Rating rating = s.buildAge(now, max);
        if (s.madeAt() == null) {
            return new Reading(INDICATOR, rating, "The running build's age is unknown: its bill of materials has no timestamp"
                    + (s.problem() == null ? "" : " (" + s.problem() + ")"), List.of(), now);
        }
        long days = Duration.between(s.madeAt(), now).toDays();
        String finding = rating == Rating.ACHIEVED ? "The running build is " + days + " days old"
                : "The running build is " + days + " days old, older than " + max.toDays() + " days: rebuild it with current dependencies";
        return new Reading(INDICATOR, rating, finding, List.of(new Evidence("built at", s.madeAt().toString()),
                new Evidence("oldest allowed (pathguard.posture.build-max-age)", max.toDays() + " days")), now);
    }
}
