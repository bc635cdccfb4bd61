package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatedTimeTest {

    /** The lab's clock as a service reads it: any instant, here one far from the system's to show it is the one judged by. */
    private static final Instant NOW = Instant.parse("2026-03-02T09:15:00Z");

    @Test
    void noStatedTimeMeansTheLabsNow() {
        assertThat(StatedTime.orNow(null, "received", NOW)).isEqualTo(NOW);
    }

    @Test
    void aPastTimeOrSmallClockDriftIsKept() {
        Instant past = NOW.minus(Duration.ofHours(3));
        assertThat(StatedTime.orNow(past, "collected", NOW)).isEqualTo(past);
        Instant drift = NOW.plusSeconds(60);
        assertThat(StatedTime.orNow(drift, "collected", NOW)).isEqualTo(drift);
    }

    @Test
    void aTimeWellInTheFutureIsRefusedNamingTheField() {
        assertThatThrownBy(() -> StatedTime.orNow(NOW.plus(Duration.ofHours(1)), "told", NOW))
                .isInstanceOf(LabRuleViolation.class).hasMessage("toldAt is in the future")
                .satisfies(e -> assertThat(((LabRuleViolation) e).code()).isEqualTo("told-in-future"));
    }
}
