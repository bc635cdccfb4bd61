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
        /** How many messages still to answer AE 207 ("could not tell whether it was recorded: send it again"). */
        final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        private final HapiContext context = inMemoryIds(new DefaultHapiContext());
        private final HL7Service server;

        RequesterSystem(int port) throws InterruptedException {
            this(port, null);
        }

        /** Over TLS when {@code tls} makes its sockets (HAPI speaks MLLP over them), else plain MLLP. */
        RequesterSystem(int port, ca.uhn.hl7v2.util.SocketFactory tls) throws InterruptedException {
            context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            context.setExecutorService(java.util.concurrent.Executors.newCachedThreadPool());
            if (tls != null) {
                context.setSocketFactory(tls);
            }
            server = context.newServer(port, tls != null);
            server.registerApplication("ORU", "R01", new ReceivingApplication<>() {
                @Override
                public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                    received.add(message.encode());
                    try {
                        if (busy.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            return message.generateACK(ca.uhn.hl7v2.AcknowledgmentCode.AE,
                                    new HL7Exception("Busy: send it again", ca.uhn.hl7v2.ErrorCode.APPLICATION_INTERNAL_ERROR));
                        }
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

    /**
     * An amendment reaches the requester's system as a correction (OBR-25 and the amended OBX-11 `C`), after the
     * original, with the new value: a lost or silent amendment leaves the clinician acting on the wrong number.
     */
    @Test
    void anAmendedResultReachesTheRequestersSystemAsACorrection() throws Exception {
        int port = freePort();
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        try (RequesterSystem gp = new RequesterSystem(port)) {
            route(ods, port);
            String accession = completeUe(ods, Hl7InterfaceTest.newPerson());
            awaitState(accession, "DELIVERED", Duration.ofSeconds(20));
            JsonNode sodium = null;
            for (JsonNode r : api("amending.authoriser", "AUTHORISER").get("/api/orders/" + accession + "/results").json()) {
                sodium = r.get("analyteCode").asString().equals("NA") ? r : sodium;
            }
            var amended = api("amending.authoriser", "AUTHORISER").post("/api/results/" + sodium.get("id").asString() + "/amendment",
                    Map.of("value", "128", "unit", "mmol/L", "reason", "Sample was drip arm; repeat from other arm"));
            assertThat(amended.status()).as(amended.body()).isEqualTo(200);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (gp.received.size() < 2 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(gp.received).as("the original report, then the correction").hasSize(2);
            String correction = gp.received.get(1);
            assertThat(Mllp.field(correction, "OBR", 25)).isEqualTo("C");
            assertThat(correction).contains("|2951-2^Sodium^LN^NA^^L||128|mmol/L^^UCUM|133-146|L|||C")
                    .contains("|2823-3^Potassium^LN^K^^L||4.1|mmol/L^^UCUM|").doesNotContain("||140|");
            assertThat(Mllp.field(gp.received.getFirst(), "OBR", 25)).isEqualTo("F");
        }
    }

    /**
     * A receiver that answers AE 206 or 207 asks for the message again (a referring lab whose acceptance of an order
     * has not caught up with its partner's results answers so): it is sent again, not dead-lettered.
     */
    @Test
    void aReceiverThatAsksForTheReportAgainGetsItAgain() throws Exception {
        int port = freePort();
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        try (RequesterSystem gp = new RequesterSystem(port)) {
            gp.busy.set(2);
            route(ods, port);
            String accession = completeUe(ods, Hl7InterfaceTest.newPerson());

            JsonNode delivered = awaitState(accession, "DELIVERED", Duration.ofSeconds(20));
            assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
            assertThat(gp.received).hasSize(3);
            // The same message again: its control id and every segment after MSH (only MSH-7, the time sent, moves).
            assertThat(Mllp.field(gp.received.get(2), "MSH", 10)).isEqualTo(Mllp.field(gp.received.getFirst(), "MSH", 10));
            assertThat(gp.received.get(2).substring(gp.received.get(2).indexOf("\rPID|")))
                    .isEqualTo(gp.received.getFirst().substring(gp.received.getFirst().indexOf("\rPID|")));
        }
    }

    /**
     * ISO 15189:2022 7.4.1.7 on the wire: troponin referred to a partner and U&E done here go out in one ORU, each OBX
     * naming its performing laboratory in OBX-23 (name, ODS, XON-10 ODS code): the partner for troponin, this lab for
     * the rest. The partner's result came in as any result does, here through the API with its performing lab.
     */
    @Test
    void everyObxOfAReportNamesTheLaboratoryThatPerformedIt() throws Exception {
        int port = freePort();
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        try (RequesterSystem gp = new RequesterSystem(port)) {
            route(ods, port);
            String serum = Api.unique("S");
            loopbackHl7Sender(ods);
            String accession;
            try (Mllp mllp = new Mllp(listener.port())) {
                String ack = mllp.send(SyntheticMessages.oml(Api.unique("OML"), ods, Api.unique("P"), Hl7InterfaceTest.newPerson(), "R",
                        null, List.of(new Request("UE", serum, "SER"), new Request("TROP", null, "SER"))));
                assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
                accession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
                api("reception", "SCIENTIST").post("/api/specimens/" + serum + "/receipt", Map.of());
                String results = mllp.send(SyntheticMessages.oru(Api.unique("ORU"), serum, null, List.of(
                        new Observation("NA", "L", "140", "mmol/L"), new Observation("K", "L", "4.1", "mmol/L"),
                        new Observation("UREA", "L", "5.2", "mmol/L"), new Observation("CREA", "L", "80", "umol/L"))));
                assertThat(Mllp.field(results, "MSA", 1)).as(results).isEqualTo("AA");
            }
            var referred = api("analyser.referral", "INTERFACE").post("/api/results", Map.of("barcode", serum,
                    "performedBy", Map.of("odsCode", "RJ122", "name", "Viapath Guy's and St Thomas'"),
                    "results", List.of(Map.of("analyte", "TROPT", "value", "8", "unit", "ng/L"))));
            assertThat(referred.status()).as(referred.body()).isEqualTo(201);

            awaitState(accession, "DELIVERED", Duration.ofSeconds(20));
            assertThat(gp.received).hasSize(1);
            Map<String, String> performerByLoinc = new java.util.HashMap<>();
            for (String segment : gp.received.getFirst().split("\r")) {
                if (segment.startsWith("OBX|")) {
                    String[] fields = segment.split("\\|", -1);
                    performerByLoinc.put(fields[3].split("\\^")[0], fields.length > 23 ? fields[23] : null);
                }
            }
            assertThat(performerByLoinc).hasSize(5).containsEntry("67151-1", "Viapath Guy's and St Thomas'^^^^^ODS^XX^^^RJ122");
            performerByLoinc.remove("67151-1");
            assertThat(performerByLoinc.values()).as("this lab's own results name this lab")
                    .containsOnly("PathGuard demonstration laboratory^^^^^ODS^XX^^^PGLAB");
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

    private Api manager() {
        return api("lab.manager", "LAB_MANAGER");
    }

    private Api secondManager() {
        return api("lab.manager.second", "LAB_MANAGER");
    }

    private Api privacyOfficer() {
        return api("privacy.officer", "AUDITOR");
    }

    private Api administrator() {
        return api("admin.routes", "ADMINISTRATOR");
    }

    private void allow(String host, int port) {
        var allowed = administrator().post("/api/interfaces/destinations", Map.of("host", host, "port", port));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
    }

    private Api.Response propose(String ods, int port) {
        return manager().put("/api/interfaces/routes/" + ods,
                Map.of("host", "localhost", "port", port, "receivingApplication", "GPSYS", "receivingFacility", ods));
    }

    private static String proposalId(Api.Response proposed) {
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(202);
        assertThat(proposed.json().get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        return proposed.json().get("id").asString();
    }

    private Api.Response decide(Api who, String proposalId, boolean approve) {
        return who.post("/api/interfaces/route-proposals/" + proposalId + "/decision",
                Map.of("approve", approve, "comment", approve ? "Practice's new system, confirmed by phone" : "Not a host we know"));
    }

    /** Routes {@code ods} to localhost:{@code port} as the lab does it: allowed, proposed, approved by a second person. */
    private void route(String ods, int port) {
        allow("localhost", port);
        var approved = decide(secondManager(), proposalId(propose(ods, port)), true);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(engineer().put("/api/interfaces/routes/" + ods, Map.of("host", "localhost", "port", port,
                "receivingApplication", "X", "receivingFacility", "X")).status()).as("a machine never redirects reports").isEqualTo(403);
        assertThat(db.sql("select count(*) from access_alert where kind = 'ROUTE_CHANGED' and detail like ?").param("%" + ods + "%")
                .query(Long.class).single()).as("the privacy officer sees every route change").isGreaterThanOrEqualTo(1);
    }

    private String routedPort(String ods) {
        for (JsonNode r : engineer().get("/api/interfaces/routes").json()) {
            if (r.get("requesterOds").asString().equals(ods)) {
                return r.get("host").asString() + ":" + r.get("port").asInt();
            }
        }
        return null;
    }

    /**
     * The attack: one lab manager points a practice's route at their own listener and every released report
     * (a full ORU with demographics) follows. Now the proposal changes nothing until a second person approves;
     * the proposer cannot approve it, a refusal is recorded, and the reports keep going to the old route.
     */
    @Test
    void oneLabManagerAloneCannotRedirectAPracticesReports() throws Exception {
        int practicePort = freePort();
        int attackerPort = freePort();
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        try (RequesterSystem practice = new RequesterSystem(practicePort); RequesterSystem attacker = new RequesterSystem(attackerPort)) {
            route(ods, practicePort);
            allow("localhost", attackerPort);
            String proposal = proposalId(propose(ods, attackerPort));
            assertThat(routedPort(ods)).as("a proposal changes nothing").isEqualTo("localhost:" + practicePort);

            String accession = completeUe(ods, Hl7InterfaceTest.newPerson());
            awaitState(accession, "DELIVERED", Duration.ofSeconds(20));
            assertThat(practice.received).hasSize(1);
            assertThat(attacker.received).as("nothing reaches the proposed host before approval").isEmpty();

            var self = decide(manager(), proposal, true);
            assertThat(self.status()).as("the proposer never approves their own route").isEqualTo(403);
            assertThat(self.body()).contains("second person");
            assertThat(decide(engineer(), proposal, true).status()).as("nor does a machine").isEqualTo(403);

            var refused = decide(privacyOfficer(), proposal, false);
            assertThat(refused.status()).as(refused.body()).isEqualTo(200);
            assertThat(refused.json().get("state").asString()).isEqualTo("REFUSED");
            assertThat(refused.json().get("decidedBy").asString()).startsWith("privacy.officer/");
            assertThat(decide(secondManager(), proposal, true).status()).as("a refused proposal stays refused").isEqualTo(409);
            assertThat(routedPort(ods)).isEqualTo("localhost:" + practicePort);
            assertThat(db.sql("select event_type from event_log where stream_id = ? order by seq").param("route:" + ods)
                    .query(String.class).list()).as("proposals and decisions are events")
                    .containsExactly("RouteProposed", "RouteDecided", "RouteConfigured", "RouteProposed", "RouteDecided");
            assertThat(db.sql("select count(*) from access_alert where kind = 'ROUTE_PROPOSED' and detail like ?")
                    .param("%" + ods + "%localhost:" + attackerPort + "%").query(Long.class).single())
                    .as("the privacy officer hears of the proposal before it is in force").isEqualTo(1);

            String later = proposalId(propose(ods, attackerPort));
            assertThat(decide(privacyOfficer(), later, true).status()).isEqualTo(200);
            assertThat(routedPort(ods)).as("in force once a second person approves").isEqualTo("localhost:" + attackerPort);
        }
    }

    /** A route over TLS needs this lab's client certificate; a lab without one (this server) refuses to propose it. */
    @Test
    void aRouteOverTlsIsRefusedWhileTheLabHasNoClientCertificate() throws Exception {
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        int port = freePort();
        allow("localhost", port);
        Api manager = manager();
        long before = eventCount();
        var refused = manager.put("/api/interfaces/routes/" + ods, Map.of("host", "localhost", "port", port,
                "receivingApplication", "LIMS", "receivingFacility", ods, "tls", true));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("type").asString()).endsWith("outbound-tls-not-configured");
        assertThat(refused.json().get("detail").asString()).contains("pathguard.outbound.tls.key-store");
        assertThat(eventCount()).as("nothing is recorded").isEqualTo(before);
    }

    /** The attack: a route to any host and port. Only destinations the administrator listed are accepted. */
    @Test
    void aRouteToADestinationNotOnTheAdministratorsListIsRefused() throws Exception {
        String ods = "G" + (10000 + (int) (Math.random() * 89999));
        long before = eventCount();
        var refused = manager().put("/api/interfaces/routes/" + ods, Map.of("host", "attacker.example", "port", 6661,
                "receivingApplication", "X", "receivingFacility", "X"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("destination-not-allowed");
        assertThat(refused.json().get("detail").asString()).contains("attacker.example:6661", "administrator");
        assertThat(eventCount()).as("nothing is recorded").isEqualTo(before);

        int port = freePort();
        assertThat(manager().post("/api/interfaces/destinations", Map.of("host", "localhost", "port", port)).status())
                .as("a lab manager cannot list their own destination").isEqualTo(403);
        allow("LocalHost", port);
        assertThat(db.sql("select count(*) from access_alert where kind = 'DESTINATION_ALLOWED' and detail like ?")
                .param("%localhost:" + port + "%").query(Long.class).single()).as("each change is a notice to the privacy officer").isEqualTo(1);
        String proposal = proposalId(propose(ods, port));

        assertThat(administrator().delete("/api/interfaces/destinations/localhost/" + port).status()).isEqualTo(204);
        assertThat(db.sql("select count(*) from access_alert where kind = 'DESTINATION_WITHDRAWN' and detail like ?")
                .param("%localhost:" + port + "%").query(Long.class).single()).isEqualTo(1);
        var approval = decide(secondManager(), proposal, true);
        assertThat(approval.status()).as("a destination withdrawn since the proposal is not approved").isEqualTo(422);
        assertThat(approval.json().get("type").asString()).endsWith("destination-not-allowed");
        assertThat(routedPort(ods)).isNull();
    }

    /**
     * The attack: the queue as a port scanner. Routed at a closed port and at an open one that speaks no HL7, the
     * queue's errors were "ConnectException at host:port" and another exception; now both read the same.
     */
    @Test
    void theOutboundQueueDoesNotTellAnOpenPortFromAClosedOne() throws Exception {
        int closedPort = freePort();
        try (ServerSocket open = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                while (!open.isClosed()) {
                    try (java.net.Socket s = open.accept()) {
                        s.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String closedOds = "G" + (10000 + (int) (Math.random() * 89999));
            String openOds = "G" + (10000 + (int) (Math.random() * 89999));
            route(closedOds, closedPort);
            route(openOds, open.getLocalPort());
            String toClosed = completeUe(closedOds, Hl7InterfaceTest.newPerson());
            String toOpen = completeUe(openOds, Hl7InterfaceTest.newPerson());

            java.util.Set<String> closedErrors = new java.util.TreeSet<>();
            java.util.Set<String> openErrors = new java.util.TreeSet<>();
            Instant deadline = Instant.now().plusSeconds(40);
            JsonNode closed = null;
            JsonNode opened = null;
            while (Instant.now().isBefore(deadline) && !(dead(closed) && dead(opened))) {
                closed = outbound(toClosed);
                opened = outbound(toOpen);
                lastError(closed, closedErrors);
                lastError(opened, openErrors);
                Thread.sleep(50);
            }
            assertThat(dead(closed) && dead(opened)).as(closed + " " + opened).isTrue();
            assertThat(closedErrors).as("errors seen for a closed port").contains("could not deliver: no connection or no acknowledgement");
            assertThat(openErrors).as("errors seen for an open port speaking something else").isEqualTo(closedErrors);
        }
    }

    private static boolean dead(JsonNode message) {
        return message != null && message.get("state").asString().equals("DEAD");
    }

    private static void lastError(JsonNode message, java.util.Set<String> seen) {
        if (message != null && message.hasNonNull("lastError")) {
            seen.add(message.get("lastError").asString());
        }
    }

    private JsonNode outbound(String accession) {
        for (JsonNode m : engineer().get("/api/interfaces/outbound?limit=1000").json()) {
            if (m.get("accession").asString().equals(accession)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The attack: a route to PathGuard's own HTTP port, and Tomcat wrote the ORU it could not parse, PID and all,
     * into the server log. The same bytes sent straight to the HTTP port now leave no patient data in the log.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anOruSentToTheHttpPortLeavesNoPatientDataInTheLog(CapturedOutput output) throws Exception {
        Person person = Hl7InterfaceTest.newPerson();
        String oru = "MSH|^~\\&|PATHGUARD|PGLAB|GPSYS|G85001|20260101120000||ORU^R01^ORU_R01|1|P|2.5.1\r"
                + "PID|1||" + person.nhsNumber() + "^^^NHS^NH||Okafor^Grace||19800214|F|||1 High Street^^London^^SE5 9RS\r"
                + "OBR|1||A1^PATHGUARD|U&E\r";
        for (String payload : List.of(oru, "\u000b" + oru + "\u001c\r")) {
            try (java.net.Socket http = new java.net.Socket("localhost", port)) {
                http.getOutputStream().write(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                http.getOutputStream().flush();
                http.shutdownOutput();
                http.getInputStream().readAllBytes();
            }
        }
        assertThat(output.getAll()).doesNotContain(person.nhsNumber(), "SE5 9RS", "19800214");
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
