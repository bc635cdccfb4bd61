package org.pathguard;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real PathGuard server for the integration tests: embedded PostgreSQL in a fresh temporary
 * data directory, freshly generated keys, HTTP on a random port. Spring caches the context, so
 * every subclass shares the one server.
 */
@SpringBootTest(classes = PathGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LabServerTest {

    protected static final Path DATA_DIR = temporaryDataDir();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient db;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("pathguard.data-dir", DATA_DIR::toString);
        registry.add("pathguard.key-dir", () -> DATA_DIR.resolve("keys").toString());
        registry.add("pathguard.db-url", () -> "");
        registry.add("pathguard.mllp.enabled", () -> "true");
        registry.add("pathguard.mllp.port", () -> "0");
        registry.add("pathguard.outbound.enabled", () -> "true");
        registry.add("pathguard.outbound.poll", () -> "PT0.1S");
        registry.add("pathguard.outbound.first-retry", () -> "PT0.2S");
        registry.add("pathguard.outbound.longest-retry", () -> "PT0.5S");
        registry.add("pathguard.outbound.max-attempts", () -> "8");
        registry.add("pathguard.outbound.ack-timeout", () -> "PT2S");
    }

    protected Api api(String actor, String role) {
        return new Api(port, actor, role);
    }

    protected long eventCount() {
        return db.sql("select count(*) from event_log").query(Long.class).single();
    }

    private static Path temporaryDataDir() {
        try {
            return Files.createTempDirectory("pathguard-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
