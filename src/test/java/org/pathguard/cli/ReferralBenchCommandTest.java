package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard bench referral} with tiny numbers: two labs start, are introduced, and every round trip comes
 * back RESULTED, so the command prints its figures and exits 0 (a failed round trip would make it exit 1 with none).
 */
class ReferralBenchCommandTest {

    @Test
    void threeReferralsGoToTheOtherLabAndComeBackResultedWithTheirFigures() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "referral", "--referrals", "3", "--concurrency", "1,2",
                "--poll", "PT0.2S", "--timeout", "PT60S");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output())
                .contains("errors: 0 round trips failed; 0 report messages dead-lettered at B")
                .containsPattern("round trips: 3 in [0-9.]+ s = [0-9.]+/s")
                .contains("refer -> RESULTED at A (round trip):", "refer -> SENT")
                .doesNotContain("no speed figures");
    }
}
