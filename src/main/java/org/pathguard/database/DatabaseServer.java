package org.pathguard.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * The PostgreSQL PathGuard runs on: an external server when a URL is configured, otherwise a real
 * embedded PostgreSQL whose files live in {@code <data-dir>/postgres} and survive restarts, and
 * whose superuser password is kept with the keys.
 */
public final class DatabaseServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseServer.class);

    private final EmbeddedPostgres embedded;
    private final Path directory;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private DatabaseServer(EmbeddedPostgres embedded, Path directory, String jdbcUrl, String user, String password) {
        this.embedded = embedded;
        this.directory = directory;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public static DatabaseServer external(String jdbcUrl, String user, String password) {
        return new DatabaseServer(null, null, jdbcUrl, user, password);
    }

    /** The superuser's password of the embedded server, kept with the keys: never in its data directory or backups. */
    public static Path passwordFile(Path keyDir) {
        return keyDir.resolve("database-password");
    }

    /**
     * The embedded server in {@code directory}, where every connection (local socket and loopback TCP alike) needs
     * the generated password kept in {@code keyDir}. A data directory from before passwords, which trusted every
     * local user, gets the password and stops trusting at its first start.
     */
    public static DatabaseServer embedded(Path directory, Path keyDir) {
        try {
            Files.createDirectories(directory);
            boolean existing = Files.exists(directory.resolve("postgresql.conf"));
            boolean trusting = existing && trustsAnyone(directory.resolve("pg_hba.conf"));
            Path passwordFile = passwordFile(keyDir);
            if (existing && !trusting && !Files.exists(passwordFile)) {
                throw new IllegalStateException("The embedded PostgreSQL in " + directory + " needs its password, kept in "
                        + passwordFile + " with the keys; restore that file from where the keys are kept");
            }
            String password = password(passwordFile);
            EmbeddedPostgres pg;
            try {
                pg = start(directory, passwordFile, password, trusting);
            } catch (IOException first) {
                if (String.valueOf(first.getMessage()).startsWith("Gave up waiting")) {
                    // Still starting, and holding the directory's lock: a second start here could only fail on that lock.
                    throw first;
                }
                // The free port chosen before the postmaster binds it can be taken meanwhile; a second start picks another.
                log.warn("Embedded PostgreSQL did not start ({}); trying once more on another port", first.getMessage());
                pg = start(directory, passwordFile, password, trusting);
            }
            if (trusting) {
                requirePassword(pg, directory, password);
            }
            log.info("Embedded PostgreSQL running on port {} with data in {}", pg.getPort(), directory);
            return new DatabaseServer(pg, directory, pg.getJdbcUrl("postgres", "postgres"), "postgres", password);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    private static EmbeddedPostgres start(Path directory, Path passwordFile, String password, boolean trusting) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                // A loaded two-core machine can take longer than the library's 10 s to run initdb and start (once over a
                // minute in a full test run): wait long, since a second start in the same directory cannot follow a slow one.
                .setPGStartupWait(java.time.Duration.ofSeconds(180))
                // Durability first: an acknowledged event must survive a crash.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                // Passed to initdb only, after the library's own "-A trust": the last --auth wins.
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setConnectConfig("password", password)
                .setDataDirectoryCustomizer(data -> {
                    if (!trusting) {
                        writeHostBasedAuthentication(data.toPath());
                    }
                })
                .start();
    }

    /** Every connection, by socket or loopback TCP, to any database as any role, authenticates with SCRAM. */
    private static final String HOST_BASED_AUTHENTICATION = """
            # Written by PathGuard at every start: every connection needs the password kept with the keys.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private static void writeHostBasedAuthentication(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), HOST_BASED_AUTHENTICATION);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }

    private static boolean trustsAnyone(Path hba) throws IOException {
        return Files.readAllLines(hba).stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .anyMatch(line -> line.endsWith("trust"));
    }

    /** For a data directory made before passwords: set the password, then make every connection give it. */
    private static void requirePassword(EmbeddedPostgres pg, Path directory, String password) throws IOException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // The password is base64url: no quote can end the literal.
            s.execute("alter role postgres password '" + password + "'");
            writeHostBasedAuthentication(directory);
            s.execute("select pg_reload_conf()");
            log.info("Embedded PostgreSQL in {} now needs the password kept with the keys", directory);
        } catch (SQLException e) {
            throw new IOException("Cannot set the embedded PostgreSQL's password", e);
        }
    }

    /** The password in {@code file}, generated on first use (256 random bits), readable by its owner only. */
    private static String password(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, generated + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
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

    /** The embedded server's files (heap, WAL) on this machine; empty for an external server, whose files are elsewhere. */
    public java.util.Optional<Path> dataDirectory() {
        return java.util.Optional.ofNullable(directory);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
