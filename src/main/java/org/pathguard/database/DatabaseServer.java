package org.pathguard.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL PathGuard runs on: an external server when a URL is configured, otherwise a real
 * embedded PostgreSQL whose files live in {@code <data-dir>/postgres} and survive restarts.
 */
public final class DatabaseServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseServer.class);

    private final EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private DatabaseServer(EmbeddedPostgres embedded, String jdbcUrl, String user, String password) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public static DatabaseServer external(String jdbcUrl, String user, String password) {
        return new DatabaseServer(null, jdbcUrl, user, password);
    }

    public static DatabaseServer embedded(Path directory) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres pg;
            try {
                pg = start(directory);
            } catch (IOException first) {
                // The free port chosen before the postmaster binds it can be taken meanwhile; a second start picks another.
                log.warn("Embedded PostgreSQL did not start ({}); trying once more on another port", first.getMessage());
                pg = start(directory);
            }
            log.info("Embedded PostgreSQL running on port {} with data in {}", pg.getPort(), directory);
            return new DatabaseServer(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    private static EmbeddedPostgres start(Path directory) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                // A loaded two-core machine can take longer than the library's 10 s to run initdb and start.
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                // Durability first: an acknowledged event must survive a crash.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                .start();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return embedded == null ? -1 : embedded.getPort();
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
