package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The resilience thresholds, each both ways, without a lab. */
class ResilienceRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aRepositoryHoldingEveryEventIsAchievedHoweverOldItsLastCheckpoint() {
        Reading r = ResilienceRules.backupAge(shipping(120, 120, null, NOW.minus(Duration.ofDays(3))), HOUR, NOW);
        assertThat(r.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(r.finding()).contains("every event");
        assertThat(r.indicator().outcome()).isEqualTo(CafOutcome.B5_C);
    }

    @Test
    void unshippedEventsAreAchievedWithinTheAllowedAgeAndNotAchievedBeyondIt() {
        Reading within = ResilienceRules.backupAge(shipping(100, 120, NOW.minus(Duration.ofMinutes(59)), NOW.minus(HOUR)), HOUR, NOW);
        assertThat(within.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(within.finding()).contains("20 events not yet shipped", "59 min");
        Reading atTheLimit = ResilienceRules.backupAge(shipping(100, 120, NOW.minus(HOUR), NOW.minus(HOUR)), HOUR, NOW);
        assertThat(atTheLimit.rating()).isEqualTo(Rating.ACHIEVED);

        Reading beyond = ResilienceRules.backupAge(shipping(100, 120, NOW.minus(Duration.ofMinutes(61)), NOW.minus(HOUR)), HOUR, NOW);
        assertThat(beyond.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(beyond.finding()).contains("20 events", "received nothing for 1 h 1 min");
        assertThat(beyond.evidence()).contains(new Evidence("events not yet shipped", "20"), new Evidence("allowed", "1 h 0 min"));
    }

    @Test
    void noDrillOrAFailedOneIsNotAchievedAnOldPassIsPartialAndARecentPassAchieved() {
        Duration month = Duration.ofDays(35);
        assertThat(ResilienceRules.restoreDrill(Optional.empty(), month, NOW).rating()).isEqualTo(Rating.NOT_ACHIEVED);

        Reading failed = ResilienceRules.restoreDrill(Optional.of(drill(Duration.ofDays(1), false, "Segment 2 has been changed")), month, NOW);
        assertThat(failed.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(failed.finding()).contains("failed: Segment 2 has been changed");

        Reading old = ResilienceRules.restoreDrill(Optional.of(drill(Duration.ofDays(36), true, null)), month, NOW);
        assertThat(old.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(old.finding()).contains("36 days ago");

        Reading recent = ResilienceRules.restoreDrill(Optional.of(drill(Duration.ofDays(34), true, null)), month, NOW);
        assertThat(recent.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(recent.evidence()).contains(new Evidence("took", "42 s"), new Evidence("result", "passed"),
                new Evidence("events restored", "5000"));
    }

    @Test
    void noWitnessOrARefusalIsNotAchievedALagBeyondTheLimitPartial() {
        assertThat(ResilienceRules.witnesses(new ResilienceRules.Witnessing(List.of(), Map.of(), Map.of(), Map.of()), HOUR, NOW).rating())
                .isEqualTo(Rating.NOT_ACHIEVED);

        List<String> two = List.of("https://partner.example", "/witness");
        Reading allTaken = ResilienceRules.witnesses(new ResilienceRules.Witnessing(two, Map.of(),
                Map.of("https://partner.example", 500L, "/witness", 500L), Map.of()), HOUR, NOW);
        assertThat(allTaken.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(allTaken.finding()).isEqualTo("2 witnesses took every checkpoint sent and refused none (" + ResilienceRules.BEFORE_START + ")");

        Reading refused = ResilienceRules.witnesses(new ResilienceRules.Witnessing(two, Map.of("/witness", "history was rewritten"),
                Map.of("https://partner.example", 500L), Map.of()), HOUR, NOW);
        assertThat(refused.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(refused.finding()).contains("/witness refused a checkpoint: history was rewritten");

        Reading briefOutage = ResilienceRules.witnesses(new ResilienceRules.Witnessing(two, Map.of(), Map.of("/witness", 500L),
                Map.of("https://partner.example", NOW.minus(Duration.ofMinutes(59)))), HOUR, NOW);
        assertThat(briefOutage.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(briefOutage.evidence()).anyMatch(e -> e.name().equals("https://partner.example") && e.value().startsWith("unreachable"));

        Reading longOutage = ResilienceRules.witnesses(new ResilienceRules.Witnessing(two, Map.of(), Map.of("/witness", 500L),
                Map.of("https://partner.example", NOW.minus(Duration.ofMinutes(61)))), HOUR, NOW);
        assertThat(longOutage.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(longOutage.finding()).isEqualTo("https://partner.example has taken no checkpoint for 1 h 1 min (" + ResilienceRules.BEFORE_START + ")");
    }

    /** The sender's memory is this process's: nothing sent yet (the posture command, a fresh start) is not a witness seen to accept. */
    @Test
    void aWitnessSentNothingByThisProcessIsPartiallyAchievedNeverAchieved() {
        List<String> two = List.of("https://partner.example", "/witness");
        Reading nothingSent = ResilienceRules.witnesses(new ResilienceRules.Witnessing(two, Map.of(), Map.of(), Map.of()), HOUR, NOW);
        assertThat(nothingSent.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(nothingSent.finding()).contains("/witness has been sent no checkpoint by this process: not observed",
                "refusals before its last start are not known");

        Reading oneTook = ResilienceRules.witnesses(new ResilienceRules.Witnessing(two, Map.of(), Map.of("/witness", 500L), Map.of()), HOUR, NOW);
        assertThat(oneTook.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(oneTook.finding()).startsWith("https://partner.example has been sent no checkpoint");
    }

    @Test
    void aRepositoryAheadOfTheLabIsNotAchieved() {
        Reading ahead = ResilienceRules.backupAge(shipping(130, 120, null, NOW.minus(HOUR)), HOUR, NOW);
        assertThat(ahead.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(ahead.finding()).startsWith("The repository is ahead of the lab: 10 events the lab does not have");
        assertThat(ResilienceRules.backupAge(shipping(120, 120, null, NOW.minus(HOUR)), HOUR, NOW).rating()).isEqualTo(Rating.ACHIEVED);
    }

    private static ResilienceRules.Shipping shipping(long shipped, long lab, Instant oldestUnshipped, Instant lastCheckpoint) {
        return new ResilienceRules.Shipping("/backups", 7, shipped, lastCheckpoint, lab, oldestUnshipped);
    }

    private static ResilienceRules.LastDrill drill(Duration ago, boolean passed, String reason) {
        return new ResilienceRules.LastDrill(NOW.minus(ago), Duration.ofSeconds(42), passed, "/backups", passed ? 5000 : 0,
                passed ? "patient 30 of 30" : "", reason, "pathguard/SYSTEM");
    }
}
