package org.pathguard.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When an account is in use, dormant (reported) or to be disabled: plain rules, each threshold both ways. */
class DormancyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private final Dormancy rule = new Dormancy(Duration.ofDays(90), Duration.ofDays(120));

    private Dormancy.Standing idleFor(Duration idle) {
        return rule.of(NOW.minus(idle), NOW);
    }

    @Test
    void anAccountUsedWithinTheReportingPeriodIsInUse() {
        assertThat(idleFor(Duration.ofDays(90).minusSeconds(1))).isEqualTo(Dormancy.Standing.IN_USE);
        assertThat(idleFor(Duration.ZERO)).isEqualTo(Dormancy.Standing.IN_USE);
    }

    @Test
    void anAccountUnusedForTheReportingPeriodIsDormantButNotYetDisabled() {
        assertThat(idleFor(Duration.ofDays(90))).isEqualTo(Dormancy.Standing.DORMANT);
        assertThat(idleFor(Duration.ofDays(120).minusSeconds(1))).isEqualTo(Dormancy.Standing.DORMANT);
    }

    @Test
    void anAccountUnusedForTheDisablingPeriodIsToBeDisabled() {
        assertThat(idleFor(Duration.ofDays(120))).isEqualTo(Dormancy.Standing.TO_DISABLE);
        assertThat(idleFor(Duration.ofDays(400))).isEqualTo(Dormancy.Standing.TO_DISABLE);
    }

    @Test
    void disablingBeforeReportingOrANonPositivePeriodIsRefusedAtStart() {
        assertThatThrownBy(() -> new Dormancy(Duration.ofDays(90), Duration.ofDays(60)))
                .hasMessageContaining("disable-dormant-after").hasMessageContaining("reported before it is disabled");
        assertThatThrownBy(() -> new Dormancy(Duration.ZERO, Duration.ofDays(60))).hasMessageContaining("dormant-after");
        assertThat(new Dormancy(Duration.ofDays(30), Duration.ofDays(30)).of(NOW.minus(Duration.ofDays(30)), NOW))
                .as("the same period reports and disables at once").isEqualTo(Dormancy.Standing.TO_DISABLE);
    }
}
