package org.pathguard.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attack: a local process connects to the embedded PostgreSQL as its superuser with no password (pg_hba trust)
 * and reads or rewrites everything below the application. Now every connection, by loopback TCP or the local
 * socket, needs the generated password kept with the keys.
 */
class EmbeddedDatabasePasswordTest {

    /** Debian's psql 15, installed with pg_dump (postgresql-client-15) for the no-plaintext tests. */
    private static final Path PSQL = Path.of("/usr/lib/postgresql/15/bin/psql");

    @Test
    void aLocalProcessWithoutThePasswordIsRefusedByTcpAndBySocket(@TempDir Path dataDir) throws Exception {
        Path keys = dataDir.resolve("keys");
        try (DatabaseServer server = DatabaseServer.embedded(dataDir.resolve("postgres"), keys)) {
            Path passwordFile = DatabaseServer.passwordFile(keys);
            assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(server.password()).hasSizeGreaterThanOrEqualTo(43);
            assertThat(passwordFile.startsWith(dataDir.resolve("postgres"))).as("kept with the keys, not in the data directory or its backups")
                    .isFalse();

            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", null).close())
                    .as("no password").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "postgres").close())
                    .as("a guessed password").isInstanceOf(SQLException.class);
            String socketDirectory;
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                 var r = c.createStatement().executeQuery("show unix_socket_directories")) {
                r.next();
                socketDirectory = r.getString(1).split(",")[0].strip();
            }

            for (String host : List.of("localhost", "127.0.0.1", socketDirectory)) {
                assertThat(psql(host, server.port(), null)).as("psql -h %s without the password", host).isNotZero();
                assertThat(psql(host, server.port(), server.password())).as("psql -h %s with the password", host).isZero();
            }
        }
    }

    /** A data directory the old PathGuard made, trusting every local user, gets the password at its next start. */
    @Test
    void aDataDirectoryFromBeforePasswordsStopsTrustingAtItsNextStart(@TempDir Path dataDir) throws Exception {
        Path postgres = dataDir.resolve("postgres");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(postgres).setCleanDataDirectory(false).start()) {
            DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres")).close();
        }
        try (DatabaseServer server = DatabaseServer.embedded(postgres, dataDir.resolve("keys"))) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", null).close())
                    .isInstanceOf(SQLException.class);
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password()).close();
        }
        try (DatabaseServer again = DatabaseServer.embedded(postgres, dataDir.resolve("keys"))) {
            assertThatThrownBy(() -> DriverManager.getConnection(again.jdbcUrl(), "postgres", null).close())
                    .isInstanceOf(SQLException.class);
            DriverManager.getConnection(again.jdbcUrl(), again.user(), again.password()).close();
        }
    }

    private static int psql(String host, int port, String password) throws Exception {
        List<String> command = new ArrayList<>(List.of(PSQL.toString(), "-w", "-h", host, "-p", String.valueOf(port),
                "-U", "postgres", "-d", "postgres", "-c", "select 1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("PGPASSWORD");
        builder.environment().put("PGPASSFILE", "/dev/null");
        if (password != null) {
            builder.environment().put("PGPASSWORD", password);
        }
        Process p = builder.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
