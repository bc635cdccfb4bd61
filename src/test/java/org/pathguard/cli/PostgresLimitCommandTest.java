package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard bench pg-limit} for two seconds: pgbench runs the statements of one ORU^R01 on a fresh embedded
 * PostgreSQL with the lab's schema, every transaction commits (a refused one would be an error and exit 1), and a
 * positive rate is printed with PathGuard's given figure as a fraction of it.
 */
class PostgresLimitCommandTest {

    @Test
    void theStatementsOfOneResultMessageRunWithoutErrorsAndGiveARate() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "pg-limit", "--clients", "4", "--seconds", "2", "--pathguard", "100");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output())
                .contains("errors: 0\n")
                .containsPattern("PostgreSQL limit, ORU\\^R01 \\(10 OBX\\) statements, 4 clients, 2 s, a commit per message, fsync and "
                        + "synchronous_commit on: [1-9][0-9,]* messages = [1-9][0-9,]* messages/s")
                .containsPattern("PathGuard 100 messages/s = [0-9.]+ of the limit");
    }

    @Test
    void messagesCommittedInGroupsAsTheEventLogDoesRunWithoutErrors() {
        DemoAtRestTest.Run bench = DemoAtRestTest.run("bench", "pg-limit", "--clients", "4", "--seconds", "2", "--messages-per-commit", "6");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output()).contains("errors: 0\n").containsPattern("4 clients, 2 s, 6 messages a commit, fsync and "
                + "synchronous_commit on: [1-9][0-9,]* messages = [1-9][0-9,]* messages/s");
    }
}
