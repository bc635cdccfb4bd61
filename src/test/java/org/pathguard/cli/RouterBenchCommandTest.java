package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard bench router} with tiny numbers: the demo network starts in this JVM, every order through the router
 * reaches RJ1, every order straight to RJ1 is taken, and while RJ1 is down every order is routed or held and the held
 * ones drain into it on its return, so the command prints its figures with zero errors and exits 0 (any AE/AR, refusal
 * or order left where it should not be would make it exit 1 with no figures).
 */
class RouterBenchCommandTest {

    @Test
    void fiveOrdersAPhasePassThroughTheRouterWithNoErrorsAndTheirFigures() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "router", "--orders", "5", "--connections", "1,2", "--timeout", "PT2M");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output())
                .contains("errors: 0\n")
                .containsPattern("through the router to RJ1 \\(up\\): 5 acknowledged in [0-9.]+ s = [0-9]+/s; passed through to RJ1")
                .contains("straight to RJ1: 5 acknowledged", "added by the router:", "failover, RJ1 down: triaged in the ACK 5 acknowledged",
                        "held orders drained into RJ1")
                .doesNotContain("no speed figures");
    }
}
