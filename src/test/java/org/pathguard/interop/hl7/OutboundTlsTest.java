package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.util.StandardSocketFactory;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.PathGuardApplication;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Request;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathguard.interop.hl7.MllpTlsTest.PASSWORD;
import static org.pathguard.interop.hl7.MllpTlsTest.keyPair;
import static org.pathguard.interop.hl7.MllpTlsTest.keytool;
import static org.pathguard.interop.hl7.MllpTlsTest.load;

/**
 * Issue 15: reports (and, later, referrals) to another lab over MLLP with TLS, this lab presenting its client
 * certificate. The receiver is HAPI's MLLP server over TLS, demanding a client certificate it trusts. This server of its
 * own also issues accessions under another prefix (QX), as a second PathGuard lab would.
 */
@SpringBootTest(classes = PathGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OutboundTlsTest {

    /** This lab's client certificate, and what it trusts: the receiver (CN=localhost) and a receiver named otherwise. */
    static final Path LAB_KEYS;
    static final Path LAB_TRUSTS;
    /** The receiving system: its own certificate and, to check ours, a trust store holding our lab's certificate. */
    static final Path RECEIVER_KEYS;
    static final Path RECEIVER_TRUSTS;
    static final Path WRONGLY_NAMED_RECEIVER_KEYS;
    static final Path UNTRUSTED_RECEIVER_KEYS;

    static {
        try {
            LAB_KEYS = keyPair("pathguard.qx-lab");
            RECEIVER_KEYS = keyPair("localhost");
            WRONGLY_NAMED_RECEIVER_KEYS = keyPair("elsewhere.example");
            UNTRUSTED_RECEIVER_KEYS = keyPair("localhost");
            LAB_TRUSTS = trustStore(RECEIVER_KEYS, WRONGLY_NAMED_RECEIVER_KEYS);
            RECEIVER_TRUSTS = trustStore(LAB_KEYS);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Path trustStore(Path... keyPairs) throws Exception {
        Path directory = java.nio.file.Files.createTempDirectory("pathguard-trust-");
        Path trusted = directory.resolve("trusts.p12");
        for (Path keys : keyPairs) {
            Path certificate = directory.resolve(Api.unique("cert") + ".cer");
            keytool("-exportcert", "-alias", "key", "-keystore", keys.toString(), "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", Api.unique("c"), "-file", certificate.toString(), "-keystore", trusted.toString());
        }
        return trusted;
    }

    /** A server of its own (not the shared one): its outbound TLS material and prefix are fixed at start. */
    @DynamicPropertySource
    static void outboundTls(DynamicPropertyRegistry registry) {
        LabServerTest.freshStore(registry);
        registry.add("pathguard.mllp.enabled", () -> "true");
        registry.add("pathguard.mllp.port", () -> "0");
        registry.add("pathguard.mllp.plain", () -> "true");
        registry.add("pathguard.outbound.enabled", () -> "true");
        registry.add("pathguard.outbound.poll", () -> "PT0.1S");
        registry.add("pathguard.outbound.first-retry", () -> "PT0.2S");
        registry.add("pathguard.outbound.longest-retry", () -> "PT0.5S");
        registry.add("pathguard.outbound.max-attempts", () -> "4");
        registry.add("pathguard.outbound.ack-timeout", () -> "PT2S");
        registry.add("pathguard.rate-limit.calls-per-principal-per-minute", () -> "100000");
        registry.add("pathguard.outbound.tls.key-store", LAB_KEYS::toString);
        registry.add("pathguard.outbound.tls.key-store-password", () -> PASSWORD);
        registry.add("pathguard.outbound.tls.trust-store", LAB_TRUSTS::toString);
        registry.add("pathguard.outbound.tls.trust-store-password", () -> PASSWORD);
        registry.add("pathguard.lab.accession-prefix", () -> "QX");
    }

    @Autowired
    MllpListener listener;

    @Autowired
    JdbcClient db;

    @Autowired
    Accounts accounts;

    @Autowired
    Hl7Senders senders;

    @LocalServerPort
    int port;

    private final Map<String, Api> signedIn = new java.util.HashMap<>();

    private Api api(String name, String role) {
        return signedIn.computeIfAbsent(name, n -> {
            if (role.equals("INTERFACE")) {
                return Api.machine(port, accounts.issueCredential(Actor.SYSTEM, n, "PGLAB", List.copyOf(Scope.NAMES)).token());
            }
            Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, n, Actor.Role.valueOf(role), "PGLAB");
            return Api.person(port, s.username(), s.password(), s.totpSecret());
        });
    }

    private final java.util.Set<String> requesters = new java.util.TreeSet<>();

    /** The test's order communications and analyser at 127.0.0.1, ordering for every requester a test has used. */
    private void loopbackHl7Sender(String requester) {
        requesters.add(requester);
        senders.configure(Actor.SYSTEM, new Hl7Sender("test.loopback", null, "127.0.0.1", List.copyOf(requesters),
                List.of("Clinical biochemistry")));
    }

    private long eventCount() {
        return db.sql("select count(*) from event_log").query(Long.class).single();
    }

    /** A receiving system over MLLP with TLS, taking only clients whose certificate it trusts; it keeps who they were. */
    static final class TlsReceiver implements AutoCloseable {
        final List<String> clients = new CopyOnWriteArrayList<>();
        final List<String> received;
        private final OutboundReportTest.RequesterSystem system;

        TlsReceiver(int port, Path keys) throws Exception {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(load(keys), PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(RECEIVER_TRUSTS));
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
            system = new OutboundReportTest.RequesterSystem(port, new StandardSocketFactory() {
                @Override
                public ServerSocket createTlsServerSocket() throws IOException {
                    SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
                    socket.setNeedClientAuth(true);
                    return socket;
                }

                @Override
                public void configureNewAcceptedSocket(Socket socket) throws SocketException {
                    super.configureNewAcceptedSocket(socket);
                    try {
                        ((SSLSocket) socket).startHandshake();
                        clients.add(((SSLSocket) socket).getSession().getPeerPrincipal().getName());
                    } catch (IOException refused) {
                        // A client without a trusted certificate: the connection fails, and nothing is received from it.
                    }
                }
            });
            received = system.received;
        }

        @Override
        public void close() throws IOException {
            system.close();
        }
    }

    @Test
    void aReportGoesOverTlsWithTheLabsCertificateOnlyToTheReceiverTheTrustStoreVouchesForByName() throws Exception {
        int port = freePort();
        int wronglyNamedPort = freePort();
        int untrustedPort = freePort();
        try (TlsReceiver receiver = new TlsReceiver(port, RECEIVER_KEYS);
             TlsReceiver wronglyNamed = new TlsReceiver(wronglyNamedPort, WRONGLY_NAMED_RECEIVER_KEYS);
             TlsReceiver untrusted = new TlsReceiver(untrustedPort, UNTRUSTED_RECEIVER_KEYS)) {
            String ods = "G" + (10000 + (int) (Math.random() * 89999));
            route(ods, port);
            String accession = completeUe(ods);
            assertThat(accession).as("this lab's own prefix").startsWith("QX");

            awaitState(accession, "DELIVERED");
            assertThat(receiver.received).hasSize(1);
            assertThat(receiver.received.getFirst()).contains("ORU^R01", accession + "^PATHGUARD");
            assertThat(receiver.clients).as("the receiver saw our lab's certificate").contains("CN=pathguard.qx-lab");

            for (int other : new int[]{wronglyNamedPort, untrustedPort}) {
                String elsewhere = "G" + (10000 + (int) (Math.random() * 89999));
                route(elsewhere, other);
                awaitState(completeUe(elsewhere), "DEAD");
            }
            assertThat(wronglyNamed.received).as("a trusted certificate for another name is not the receiver").isEmpty();
            assertThat(untrusted.received).as("a certificate the trust store does not know is not the receiver").isEmpty();
        }
    }

    @Test
    void aPrePrintedAccessionMayNotLookLikeOneThisLabAssigns() {
        loopbackHl7Sender("RJ122");
        String placer = Api.unique("P");
        String order = SyntheticMessages.oml(Api.unique("OML"), "RJ122", placer, Hl7InterfaceTest.newPerson(), "R", null,
                List.of(new Request("CRP", Api.unique("S"), "SER"))).replace("ORC|NW|" + placer + "||", "ORC|NW|" + placer + "|QX1234567|");
        long events = eventCount();
        try (Mllp mllp = new Mllp(listener.port())) {
            Hl7InterfaceTest.assertRefused(mllp.send(order), "AE", "102", "must not start with QX (reserved for numbers the lab assigns)");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(eventCount()).isEqualTo(events);
    }

    /** Routes {@code ods} over TLS to localhost:{@code port}: allowed, proposed, approved by a second person. */
    private void route(String ods, int port) {
        var allowed = api("admin.routes", "ADMINISTRATOR").post("/api/interfaces/destinations", Map.of("host", "localhost", "port", port));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
        var proposed = api("lab.manager", "LAB_MANAGER").put("/api/interfaces/routes/" + ods, Map.of("host", "localhost", "port", port,
                "receivingApplication", "LIMS", "receivingFacility", ods, "tls", true));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(202);
        assertThat(proposed.json().get("route").get("tls").asBoolean()).isTrue();
        var approved = api("lab.manager.second", "LAB_MANAGER").post("/api/interfaces/route-proposals/"
                + proposed.json().get("id").asString() + "/decision", Map.of("approve", true, "comment", "Partner lab's TLS endpoint"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(db.sql("select count(*) from access_alert where kind = 'ROUTE_CHANGED' and detail like ?")
                .param("%" + ods + "'s reports now go to localhost:" + port + " over TLS%").query(Long.class).single()).isEqualTo(1);
    }

    private String completeUe(String ods) {
        String serum = Api.unique("S");
        loopbackHl7Sender(ods);
        try (Mllp mllp = new Mllp(listener.port())) {
            String ack = mllp.send(SyntheticMessages.oml(Api.unique("OML"), ods, Api.unique("P"), Hl7InterfaceTest.newPerson(), "R", null,
                    List.of(new Request("UE", serum, "SER"))));
            String accession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
            api("reception", "SCIENTIST").post("/api/specimens/" + serum + "/receipt", Map.of());
            String results = mllp.send(SyntheticMessages.oru(Api.unique("ORU"), serum, null, List.of(
                    new Observation("NA", "L", "140", "mmol/L"), new Observation("K", "L", "4.1", "mmol/L"),
                    new Observation("UREA", "L", "5.2", "mmol/L"), new Observation("CREA", "L", "80", "umol/L"))));
            assertThat(Mllp.field(results, "MSA", 1)).as(results).isEqualTo("AA");
            return accession;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for the report's message to reach {@code state}; the queue's retries decide when, not a timer here. */
    private JsonNode awaitState(String accession, String state) throws InterruptedException {
        Api engineer = api("interface-engineer", "INTERFACE");
        JsonNode message = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode m : engineer.get("/api/interfaces/outbound?limit=1000").json()) {
                if (m.get("accession").asString().equals(accession)) {
                    message = m;
                }
            }
            if (message != null && message.get("state").asString().equals(state)) {
                return message;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Outbound message for " + accession + " did not become " + state + ": " + message);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
