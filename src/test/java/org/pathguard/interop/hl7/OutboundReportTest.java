package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.cli.PathGuardCommand;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports go to the requester's own HL7 system (HAPI's MLLP server standing in for it), through the durable queue. */
class OutboundReportTest extends LabServerTest {

    @Autowired
    MllpListener listener;

    /** The requester's system: HAPI's own server, answering AA and keeping what it received. */
    /** HAPI's default control-id generator writes a counter file into the working directory. */
    static HapiContext inMemoryIds(HapiContext context) {
        context.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        return context;
    }

    static final class RequesterSystem implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final HapiContext context = inMemoryIds(new DefaultHapiContext());
        private final HL7Service server;

        RequesterSystem(int port) throws InterruptedException {
            context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            context.setExecutorService(java.util.concurrent.Executors.newCachedThreadPool());
            server = context.newServer(port, false);
            server.registerApplication("ORU", "R01", new ReceivingApplication<>() {
                @Override
                public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                    received.add(message.encode());
                    try {
                        return message.generateACK();
                    } catch (IOException e) {
                        throw new HL7Exception(e);
                    }
                }

                @Override
                public boolean canProcess(Message message) {
                    return true;
                }
            });
            server.startAndWait();
        }

        @Override
        public void close() throws IOException {
            server.stopAndWait();
            context.close();
        }
    }

    private Api engineer() {
        return api("interface-engineer", "INTERFACE");
    }

    @Test
    void aReleasedReportReachesTheRequestersSystemAsOruR01() throws Exception {
        int port = freePort();
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        try (RequesterSystem gp = new RequesterSystem(port)) {
            route(ods, port);
            Person person = Hl7InterfaceTest.newPerson();
            String accession = completeUe(ods, person);

            JsonNode delivered = awaitState(accession, "DELIVERED", Duration.ofSeconds(20));
            assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
            assertThat(gp.received).hasSize(1);
            String oru = gp.received.getFirst();
            assertThat(oru).contains("MSH|^~\\&|PATHGUARD|PGLAB|GPSYS|" + ods + "|", "ORU^R01",
                    person.nhsNumber() + "^^^NHS^NH", "Okafor^Grace", "19800214",
                    "OBX|1|NM|2951-2^Sodium^LN^NA^^L||140|mmol/L^^UCUM|133-146||||F",
                    "|" + accession + "^PATHGUARD|");
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRequesterDownAllNightLosesNothing(CapturedOutput output) throws Exception {
        int port = freePort();
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        route(ods, port);
        String accession = completeUe(ods, Hl7InterfaceTest.newPerson());

        // Nobody listens: retried with backoff, then dead-lettered with the reason, not dropped.
        JsonNode dead = awaitState(accession, "DEAD", Duration.ofSeconds(30));
        assertThat(dead.get("attempts").asInt()).isEqualTo(8);
        assertThat(dead.get("lastError").asString()).contains("Gave up after 8 attempts");

        String server = "--server=http://localhost:" + this.port;
        String credential = "--credential=" + accounts.issueCredential(Actor.SYSTEM, Api.unique("ops.").toLowerCase(), LAB,
                List.of(Scope.INTERFACES)).token();
        assertThat(PathGuardCommand.run("interfaces", "outbound", "--state", "dead", server, credential)).isZero();
        assertThat(output.getOut()).contains(dead.get("id").asString() + "  " + accession, "DEAD", "Gave up after 8 attempts");

        try (RequesterSystem gp = new RequesterSystem(port)) {
            assertThat(PathGuardCommand.run("interfaces", "replay", dead.get("id").asString(), server, credential)).isZero();
            awaitState(accession, "DELIVERED", Duration.ofSeconds(20));
            assertThat(gp.received).hasSize(1);
            var again = engineer().post("/api/interfaces/outbound/" + dead.get("id").asString() + "/replay", Map.of());
            assertThat(again.status()).as("only dead letters are replayed").isEqualTo(409);
        }
    }

    private void route(String ods, int port) {
        var configured = api("lab.manager", "LAB_MANAGER").put("/api/interfaces/routes/" + ods,
                Map.of("host", "localhost", "port", port, "receivingApplication", "GPSYS", "receivingFacility", ods));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(engineer().put("/api/interfaces/routes/" + ods, Map.of("host", "attacker.example", "port", 6661,
                "receivingApplication", "X", "receivingFacility", "X")).status()).as("a machine never redirects reports").isEqualTo(403);
        assertThat(db.sql("select count(*) from access_alert where kind = 'ROUTE_CHANGED' and detail like ?").param("%" + ods + "%")
                .query(Long.class).single()).as("the privacy officer sees every route change").isGreaterThanOrEqualTo(1);
    }

    /** An order from {@code ods} by HL7, received, resulted in range by HL7: its report is released. */
    private String completeUe(String ods, Person person) {
        String serum = Api.unique("S");
        loopbackHl7Sender(ods);
        try (Mllp mllp = new Mllp(listener.port())) {
            String ack = mllp.send(SyntheticMessages.oml(Api.unique("OML"), ods, Api.unique("P"), person, "R", null,
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

    private JsonNode awaitState(String accession, String state, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        Supplier<JsonNode> find = () -> {
            for (JsonNode m : engineer().get("/api/interfaces/outbound?limit=1000").json()) {
                if (m.get("accession").asString().equals(accession)) {
                    return m;
                }
            }
            return null;
        };
        JsonNode message = find.get();
        while (Instant.now().isBefore(deadline)) {
            message = find.get();
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
