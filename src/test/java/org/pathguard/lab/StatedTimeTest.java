package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatedTimeTest {

    @Test
    void noStatedTimeMeansNow() {
        Instant before = Instant.now();
        assertThat(StatedTime.orNow(null, "received")).isBetween(before, Instant.now());
    }

    @Test
    void aPastTimeOrSmallClockDriftIsKept() {
        Instant past = Instant.now().minus(Duration.ofHours(3));
        assertThat(StatedTime.orNow(past, "collected")).isEqualTo(past);
        Instant drift = Instant.now().plusSeconds(60);
        assertThat(StatedTime.orNow(drift, "collected")).isEqualTo(drift);
    }

    @Test
    void aTimeWellInTheFutureIsRefusedNamingTheField() {
        assertThatThrownBy(() -> StatedTime.orNow(Instant.now().plus(Duration.ofHours(1)), "told"))
                .isInstanceOf(LabRuleViolation.class).hasMessage("toldAt is in the future")
                .satisfies(e -> assertThat(((LabRuleViolation) e).code()).isEqualTo("told-in-future"));
    }
}
