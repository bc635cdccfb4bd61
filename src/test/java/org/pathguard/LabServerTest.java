package org.pathguard;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import no.nav.security.mock.oauth2.MockOAuth2Server;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One real PathGuard server for the integration tests: embedded PostgreSQL in a fresh temporary
 * data directory, freshly generated keys, HTTP on a random port. Spring caches the context, so
 * every subclass shares the one server.
 */
@SpringBootTest(classes = PathGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LabServerTest {

    protected static final Path DATA_DIR = temporaryDataDir();
    /** Where the tests put leaked dumps for the breach scan: the one directory configured for them. */
    protected static final Path DUMPS = temporaryDataDir();
    /** A real OIDC provider (NAV's mock-oauth2-server) for single sign-on, started before the server discovers it. */
    protected static final MockOAuth2Server IDENTITY_PROVIDER = identityProvider();
    protected static final String IDENTITY_PROVIDER_ISSUER = "nhs-identity";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient db;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        store(registry, DATA_DIR);
        registry.add("pathguard.mllp.enabled", () -> "true");
        registry.add("pathguard.mllp.port", () -> "0");
        // Plain MLLP on loopback: the tests' connections come from 127.0.0.1 (and other 127/8 addresses), each a registered sender or not.
        registry.add("pathguard.mllp.plain", () -> "true");
        registry.add("pathguard.outbound.enabled", () -> "true");
        registry.add("pathguard.outbound.poll", () -> "PT0.1S");
        registry.add("pathguard.outbound.first-retry", () -> "PT0.2S");
        registry.add("pathguard.outbound.longest-retry", () -> "PT0.5S");
        registry.add("pathguard.outbound.max-attempts", () -> "8");
        registry.add("pathguard.outbound.ack-timeout", () -> "PT2S");
        registry.add("pathguard.rate-limit.sign-ins-per-address-per-minute", () -> "100000");
        registry.add("pathguard.rate-limit.calls-per-principal-per-minute", () -> "100000");
        registry.add("pathguard.access.read-budget.requester", () -> "25");
        registry.add("pathguard.oidc.issuer-uri", () -> IDENTITY_PROVIDER.issuerUrl(IDENTITY_PROVIDER_ISSUER).toString());
        registry.add("pathguard.oidc.client-id", () -> "pathguard");
        registry.add("pathguard.oidc.client-secret", () -> "test-client-secret");
        registry.add("pathguard.breach.roots", DUMPS::toString);
        // The principals below are signed in once per server and reused by every test class, so a session may sit idle
        // for most of the suite: longer than the 20-minute idle timeout a lab runs with (SessionLifetimeTest proves the limits).
        registry.add("server.servlet.session.timeout", () -> "3h");
    }

    /** Test requesters work for this GP practice unless a test names another organisation. */
    protected static final String PRACTICE = "G85001";
    protected static final String LAB = "PGLAB";
    private static final Map<String, Api> SIGNED_IN = new ConcurrentHashMap<>();

    @Autowired
    protected Accounts accounts;

    /**
     * A principal of the role, created once per server through the same services as the demo's users
     * and signed in through the real API: people with password and TOTP, machines with a credential
     * holding every machine scope. Requesters belong to {@link #PRACTICE}, lab roles to the lab.
     */
    protected Api api(String name, String role) {
        return api(name, role, role.equals("REQUESTER") ? PRACTICE : LAB);
    }

    protected Api api(String name, String role, String organisation) {
        return SIGNED_IN.computeIfAbsent(port + "/" + name + "/" + role + "/" + organisation, key -> {
            if (role.equals("INTERFACE")) {
                return Api.machine(port, accounts.issueCredential(Actor.SYSTEM, name, organisation, List.copyOf(Scope.NAMES)).token());
            }
            Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, name, Actor.Role.valueOf(role), organisation);
            return Api.person(port, s.username(), s.password(), s.totpSecret());
        });
    }

    /** The HL7 sender the tests' MLLP connections from 127.0.0.1 are: order communications and an analyser in one. */
    protected static final String LOOPBACK_SENDER = "test.loopback";

    /**
     * Registers (or widens) {@link #LOOPBACK_SENDER} to order for {@code requesters}, and to send results for every
     * department: what the HL7 tests send from 127.0.0.1. Unchanged, it appends nothing.
     */
    protected void loopbackHl7Sender(String... requesters) {
        Hl7Senders senders = hl7Senders();
        java.util.Set<String> allowed = new java.util.TreeSet<>(List.of(requesters));
        senders.list(Actor.SYSTEM).stream().filter(s -> s.name().equals(LOOPBACK_SENDER)).findFirst()
                .ifPresent(s -> allowed.addAll(s.requesters()));
        senders.configure(Actor.SYSTEM, new Hl7Sender(LOOPBACK_SENDER, null, "127.0.0.1", List.copyOf(allowed),
                List.of("Blood transfusion", "Clinical biochemistry", "Haematology")));
    }

    @Autowired
    private org.springframework.beans.factory.ObjectProvider<Hl7Senders> hl7SendersProvider;

    protected Hl7Senders hl7Senders() {
        return hl7SendersProvider.getObject();
    }

    protected long eventCount() {
        return db.sql("select count(*) from event_log").query(Long.class).single();
    }

    /** Embedded PostgreSQL and fresh keys in {@code dir}. */
    public static void store(DynamicPropertyRegistry registry, Path dir) {
        registry.add("pathguard.data-dir", dir::toString);
        registry.add("pathguard.key-dir", () -> dir.resolve("keys").toString());
        registry.add("pathguard.db-url", () -> "");
    }

    /** For a test that needs a server of its own (other settings): a new temporary data directory. */
    public static void freshStore(DynamicPropertyRegistry registry) {
        store(registry, temporaryDataDir());
    }

    private static MockOAuth2Server identityProvider() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start();
        return server;
    }

    private static Path temporaryDataDir() {
        try {
            return Files.createTempDirectory("pathguard-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
