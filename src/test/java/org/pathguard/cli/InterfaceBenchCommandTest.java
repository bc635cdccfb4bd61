package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard bench hl7} on its own: each run starts PathGuard's serve as a separate process (from this build's
 * class path, as the jar's from the jar) on a throwaway data directory made ready by the build's own admin commands,
 * runs a short load and stops it. Every refusal is an error, printed before any speed, and makes the command exit 1.
 */
class InterfaceBenchCommandTest {

    @Test
    void aShortLoadOnItsOwnServerProcessHasNoErrorsAndExits0() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "hl7", "--messages", "20", "--connections", "1");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output())
                .contains("each round on a fresh server process", "round 1 of 1, 1 connection, current: server up in", "no errors")
                .contains("\nerrors: 0\n")
                .containsPattern("current: +[0-9,]+/s +[0-9.]+ / +[0-9.]+ +median [0-9,]+/s")
                .doesNotContain("not measured");
    }

    @Test
    void aServerWithATinyRateLimitRefusesReceiptsWhichAreCountedPrintedFirstAndMakeTheCommandExit1() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "hl7", "--messages", "20", "--connections", "1", "--rate-limit", "5");
        assertThat(bench.exitCode()).as(bench.output()).isEqualTo(1);
        String output = bench.output();
        Matcher errors = Pattern.compile("\nerrors: ([0-9,]+)\n").matcher(output);
        assertThat(errors.find()).as(output).isTrue();
        assertThat(Integer.parseInt(errors.group(1).replace(",", ""))).as(output).isGreaterThanOrEqualTo(10);
        assertThat(output)
                .containsPattern("set-up: specimen receipts over HTTP: [0-9]+ errors of 20")
                .containsPattern("[0-9]+ x HTTP 429")
                .contains("current:", "not measured: ", "no median")
                .doesNotContainPattern("current: +[0-9,]+/s");
        assertThat(output.indexOf("HTTP 429")).as("errors come before any figure").isLessThan(output.indexOf("per round:"));
    }

    @Test
    void anUnknownBaselineRevisionIsRefusedBeforeAnythingStarts() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "hl7", "--baseline", "no-such-revision-anywhere", "--messages", "1");
        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.output()).doesNotContain("round 1");
    }

    @Test
    void theHapiYardstickTakesNoBaselineNorRunningServer() {
        DemoAtRestTest.Run withBaseline = DemoAtRestTest.run("bench", "fhir", "--against-hapi", "--baseline", "HEAD", "--messages", "1");
        assertThat(withBaseline.exitCode()).isEqualTo(2);
        assertThat(withBaseline.output()).doesNotContain("round 1");

        DemoAtRestTest.Run atARunningServer = DemoAtRestTest.run("bench", "fhir", "--against-hapi", "--http-port", "8080", "--messages", "1");
        assertThat(atARunningServer.exitCode()).isEqualTo(2);
        assertThat(atARunningServer.output()).doesNotContain("round 1");
    }
}
