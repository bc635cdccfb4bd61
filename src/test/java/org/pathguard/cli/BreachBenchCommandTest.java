package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard bench breach} at a tiny size: a fresh lab, 20 bulk patients in 5 MB of plain text, the known-answer
 * files as the mixed part, both scanned with the real reader, ripgrep beside it (Debian's, installed by .ci/run); the
 * rates, ripgrep's line and recall and precision are printed, with exit 0 (a file that should have been read and was
 * not, or ripgrep missing, prints an ERROR line and exits 1).
 */
class BreachBenchCommandTest {

    @Test
    void aTinyDumpIsMadeScannedAndMeasuredBesideRipgrepWithNoErrors() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "breach", "--gigabytes", "0.005", "--mixed-percent", "0",
                "--patients", "20");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output())
                .containsPattern("scan, plain text +[0-9]+ +[0-9.]+ +[0-9.]+")
                .containsPattern("scan, mixed formats +[0-9]+ +[0-9.]+ +[0-9.]+")
                .containsPattern("ripgrep NHS-number search, plain +[0-9]+ +[0-9.]+ +[0-9.]+")
                .containsPattern("confirmed: 46 planted, [0-9]+ found, [0-9]+ right: recall [0-9.]+, precision [0-9.]+")
                .doesNotContain("ERROR");
    }

    @Test
    void aShareOutsideNoughtToAHundredIsRefused() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "breach", "--mixed-percent", "101");
        assertThat(bench.exitCode()).isEqualTo(2);
    }
}
