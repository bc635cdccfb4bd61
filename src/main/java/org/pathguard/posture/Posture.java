package org.pathguard.posture;

import org.pathguard.access.Actor;
import org.springframework.stereotype.Service;

import java.time.InstantSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The lab's security posture from live evidence: every probe taken now, grouped by CAF outcome. */
@Service
public class Posture {

    private final List<Probe> probes;
    private final InstantSource clock;

    Posture(List<Probe> probes, InstantSource clock) {
        this.probes = probes.stream().sorted(Comparator.comparing(p -> p.indicator().id())).toList();
        this.clock = clock;
    }

    /** For the lab manager and the privacy officer. */
    public PostureReport report(Actor by) {
        by.require(Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR);
        Instant now = clock.instant();
        Map<CafOutcome, List<Reading>> byOutcome = new EnumMap<>(CafOutcome.class);
        for (Probe probe : probes) {
            byOutcome.computeIfAbsent(probe.indicator().outcome(), o -> new ArrayList<>()).add(take(probe, now));
        }
        return new PostureReport(now, byOutcome.entrySet().stream().map(e -> OutcomeStatus.of(e.getKey(), e.getValue())).toList());
    }

    /** A probe that fails says why as NOT_ACHIEVED: a posture that hides a broken probe would read as fine. */
    private static Reading take(Probe probe, Instant now) {
        try {
            return probe.take(now);
        } catch (RuntimeException e) {
            return new Reading(probe.indicator(), Rating.NOT_ACHIEVED, "The probe could not look: " + e.getClass().getSimpleName(),
                    List.of(), now);
        }
    }
}
