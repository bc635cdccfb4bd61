package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard bench sitrep} at a tiny size: a baseline week and an incident week at 300 tests a day are laid
 * down, the weekly sitrep's figures match what was laid down day by day, and the timings are printed with zero errors
 * and exit 0 (a figure that differed would print an ERROR line and exit 1).
 */
class SitrepBenchCommandTest {

    @Test
    void aTinyIncidentWeekIsLaidDownAndItsSitrepTimedWithNoErrors() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "sitrep", "--tests-per-day", "300", "--baseline-weeks", "1",
                "--repetitions", "2", "--slot", "PT1H");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output())
                .contains("errors: 0\n")
                .containsPattern("laid down [0-9,]+ events \\([0-9,]+ tests requested\\)")
                .containsPattern("\\| make \\(every figure from the projections' SQL\\) \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|")
                .contains("| JSON file |", "| CSV file |")
                .doesNotContain("ERROR");
    }

    @Test
    void aDayOtherThanMondayIsRefusedWithTheReason() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "sitrep", "--incident-monday", "2026-09-29");
        assertThat(bench.exitCode()).isEqualTo(2);
    }
}
