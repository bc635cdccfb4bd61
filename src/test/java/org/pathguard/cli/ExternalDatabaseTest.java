package org.pathguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.database.DatabaseServer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With --db-url PathGuard runs on that server and starts no embedded PostgreSQL of its own. */
class ExternalDatabaseTest {

    @Test
    void demoAndVerifyRunOnTheServerNamedByDbUrl(@TempDir Path serverDir, @TempDir Path dataDir) throws Exception {
        // A separately started PostgreSQL stands in for the lab's database server.
        try (DatabaseServer server = DatabaseServer.embedded(serverDir.resolve("pg"), serverDir.resolve("keys"))) {
            // Stands in for PATHGUARD_DB_PASSWORD, which a test cannot set in its own environment.
            System.setProperty("pathguard.db-password", server.password());
            DemoAtRestTest.Run demo = DemoAtRestTest.run("demo", "--exit", "--patients", "20", "--port", "0", "--mllp-port", "0",
                    "--db-url", server.jdbcUrl(), "--data-dir", dataDir.toString());
            assertThat(demo.exitCode()).as(demo.output()).isZero();
            assertThat(demo.output()).contains("patients   20");
            assertThat(DemoAtRestTest.count(server, "select count(*) from patient")).isEqualTo(20);
            assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
            assertThat(Files.exists(dataDir.resolve("keys/data-aead.json"))).isTrue();

            DemoAtRestTest.Run verify = DemoAtRestTest.run("verify", "--db-url", server.jdbcUrl(), "--data-dir", dataDir.toString());
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).containsPattern("(?m)^OK: \\d+ events");
        } finally {
            System.clearProperty("pathguard.db-password");
        }
    }
}
