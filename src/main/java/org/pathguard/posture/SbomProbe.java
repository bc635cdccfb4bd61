package org.pathguard.posture;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A3.a: a CycloneDX bill of materials of what is running, made by the build and carried in the jar. */
@Component
class SbomProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("a3a-sbom", CafOutcome.A3_A,
            "A software bill of materials (CycloneDX) of what is running, made by the build, is at hand", Indicator.Kind.AUTOMATED);

    private final Sbom sbom;

    SbomProbe(Sbom sbom) {
        this.sbom = sbom;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        Sbom.Summary s = sbom.summary();
        if (s.rating() != Rating.ACHIEVED) {
            return new Reading(INDICATOR, s.rating(), "No software bill of materials: " + (s.problem() == null ? "it lists no components" : s.problem()),
                    List.of(), now);
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("application", s.application()));
        evidence.add(new Evidence("components", String.valueOf(s.components())));
        evidence.add(new Evidence("made by the build at", String.valueOf(s.madeAt())));
        evidence.add(new Evidence("running jar", s.runningJar() == null ? "none (run from the build's classes)" : s.runningJar()));
        if (s.runningJarSha256() != null) {
            evidence.add(new Evidence("running jar SHA-256", s.runningJarSha256()));
        }
        evidence.add(new Evidence("download", "GET /api/posture/sbom"));
        return new Reading(INDICATOR, Rating.ACHIEVED, "The running build lists its " + s.components() + " components (CycloneDX)",
                evidence, now);
    }
}
