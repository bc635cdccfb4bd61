package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard bench} (in-process) at a tiny size: raw appends counted in events, result submissions in results
 * (a submission's results are one event since ADR 0056, so counting events would misstate them), zero errors, exit 0.
 */
class LabBenchCommandTest {

    @Test
    void aTinyRunCountsSubmissionsInResultsWithNoErrors() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "--writers", "2", "--appends", "20", "--submissions", "10");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output())
                .contains("errors: 0")
                .containsPattern("1\\. Raw appends[^\\n]*\\n\\s+2 writers: 20 in [0-9.]+ s = [0-9,]+/s \\([0-9,]+ events/s\\)")
                .containsPattern("2\\. Result submissions[^\\n]*\\n[^\\n]*\\n\\s+2 writers: 10 in [0-9.]+ s = [0-9,]+/s \\([0-9,]+ results/s\\)");
    }
}
