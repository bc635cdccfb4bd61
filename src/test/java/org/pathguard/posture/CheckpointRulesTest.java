package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How long the newest events may go without a signed checkpoint, each threshold both ways, in plain Java. */
class CheckpointRulesTest {

    private static final CheckpointRules RULES = new CheckpointRules(Duration.ofMinutes(10), Duration.ofDays(1));
    private static final Instant MADE = Instant.parse("2026-12-07T09:00:00Z");
    private static final CheckpointRules.Latest LATEST = new CheckpointRules.Latest(100, MADE);

    @Test
    void aCheckpointCoveringEveryEventIsCurrentHoweverOld() {
        assertThat(RULES.reading(LATEST, 100, MADE.plus(Duration.ofDays(30))).rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void eventsAfterTheCheckpointAreAchievedUpToTheMaximumAgeThenPartlyThenNot() {
        assertThat(RULES.reading(LATEST, 105, MADE.plus(Duration.ofMinutes(10))).rating()).isEqualTo(Rating.ACHIEVED);
        Reading late = RULES.reading(LATEST, 105, MADE.plus(Duration.ofMinutes(10)).plusSeconds(1));
        assertThat(late.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(late.finding()).isEqualTo("5 events are after the latest checkpoint, made 10 min ago");
        assertThat(RULES.reading(LATEST, 105, MADE.plus(Duration.ofDays(1))).rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(RULES.reading(LATEST, 105, MADE.plus(Duration.ofDays(1)).plusSeconds(1)).rating()).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void noCheckpointForALogWithEventsIsNotAchievedAndAnEmptyLogIs() {
        assertThat(RULES.reading(null, 3, MADE).rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(RULES.reading(null, 0, MADE).rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void aCheckpointOfUnknownTimeWithEventsAfterItIsNotAchieved() {
        assertThat(RULES.reading(new CheckpointRules.Latest(100, null), 101, MADE).rating()).isEqualTo(Rating.NOT_ACHIEVED);
    }
}
