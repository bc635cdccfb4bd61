package org.pathguard.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A sudden jump means something only against a baseline, and a lab's normal day is not a jump. */
class ReadingBaselineTest {

    private final ReadingPatterns patterns = ReadingPatterns.DEFAULTS;

    @Test
    void aNewAccountHasNoUsualVolumeSoItsFirstDaysAreNotJumps() {
        // The demo's scientist and pathologist: 71 patients on opening the queue, against a usual 0.0.
        assertThat(patterns.suddenJump(Actor.Role.SCIENTIST, 71, 0.0, 0)).isEmpty();
        assertThat(patterns.suddenJump(Actor.Role.AUTHORISER, 900, 0.0, patterns.baselineDays() - 1))
                .as("even a heavy first week: the budget, not this check, stops bulk reading").isEmpty();
        assertThat(patterns.suddenJump(Actor.Role.REQUESTER, 100, 0.0, 3)).isEmpty();
    }

    @Test
    void onceThereIsABaselineAJumpIsFlagged() {
        assertThat(patterns.suddenJump(Actor.Role.REQUESTER, 100, 5.0, patterns.baselineDays())).isPresent()
                .get().extracting(ReadingPatterns.Anomaly::kind).isEqualTo("SUDDEN_JUMP");
        assertThat(patterns.suddenJump(Actor.Role.SCIENTIST, 1000, 40.0, 30)).as("a scraper among lab staff").isPresent();
    }

    @Test
    void labStaffsUsualDayIsNeverTakenAsLowerThanABenchsWorth() {
        // A scientist back from leave with a quiet fortnight behind them opens a queue of 200 patients: normal work.
        assertThat(patterns.suddenJump(Actor.Role.SCIENTIST, 200, 2.0, 30)).isEmpty();
        assertThat(patterns.suddenJump(Actor.Role.SCIENTIST, 3 * patterns.labUsualFloor() + 1, 2.0, 30)).isPresent();
        // A requester's floor is lower: their usual day is their own patients.
        assertThat(patterns.suddenJump(Actor.Role.REQUESTER, 3 * patterns.otherUsualFloor() + 1, 0.5, 30)).isPresent();
    }
}
