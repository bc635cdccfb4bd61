package org.pathguard.interop.hl7;

import org.pathguard.access.Actor;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.order.OrderDesk;
import org.pathguard.result.LabResult;
import org.pathguard.result.Results;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Referring to a partner that is not PathGuard: HAPI's MLLP server plays the partner's LIS. It receives our
 * OML^O21 and answers ORL^O22 with its accession (or refuses); then it sends its results in its own codes and
 * units to our listener, which files them against the referrals, through our own checks.
 */
class ReferralMllpTest extends LabServerTest {

    private static final String PARTNER = "RJ1";
    /** The partner's connections come from this loopback address: its entry in the HL7 sender directory. */
    private static final String PARTNER_ADDRESS = "127.0.0.7";

    @Autowired
    MllpListener listener;
    @Autowired
    ReferralDispatcher dispatcher;
    @Autowired
    Results results;
    @Autowired
    OrderDesk orders;

    @Autowired
    Hl7Senders senders;

    /** The partner's LIS: answers each OML with ORL^O22 giving its accession, or AR for tests it stopped doing. */
    static final class PartnerLis implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final HapiContext context = OutboundReportTest.inMemoryIds(new DefaultHapiContext());
        private final HL7Service server;
        private int next = 1000;

        PartnerLis(int port) throws InterruptedException {
            context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            context.setExecutorService(java.util.concurrent.Executors.newCachedThreadPool());
            server = context.newServer(port, false);
            server.registerApplication(new ReceivingApplication<>() {
                @Override
                public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                    String text = message.encode();
                    received.add(text);
                    String control = Mllp.field(text, "MSH", 10);
                    String head = "MSH|^~\\&|LIS|RJ1|PATHGUARD|PGLAB|20260302120000||ORL^O22^ORL_O22|R" + control + "|P|2.5.1\r";
                    // The message is taken; each order is answered for itself, and bone profiles no longer (ORC-1 UA).
                    StringBuilder orl = new StringBuilder(head + "MSA|AA|" + control);
                    String[] segments = text.split("\r");
                    for (int i = 0; i < segments.length; i++) {
                        if (segments[i].startsWith("ORC|")) {
                            String placer = segments[i].split("\\|")[2].split("\\^")[0];
                            boolean bone = i + 2 < segments.length && segments[i + 2].contains("|BONEP^");
                            orl.append(bone ? "\rORC|UA|" + placer : "\rORC|OK|" + placer + "|RJ1-" + next++);
                        }
                    }
                    return context.getPipeParser().parse(orl.toString());
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

    private Api manager() {
        return api("referral.manager", "LAB_MANAGER");
    }

    private Api scientist() {
        return api("referral.scientist", "SCIENTIST");
    }

    private Map<String, Object> agreement(int port, int routineCapacity) {
        return Map.of("name", "St Elsewhere pathology",
                "endpoint", Map.of("host", "localhost", "port", port, "receivingApplication", "LIS", "receivingFacility", PARTNER, "tls", false),
                "tests", List.of(
                        Map.of("testCode", "TROP", "partnerCode", "TNT", "loinc", "67151-1",
                                "analytes", List.of(Map.of("partnerCode", "TNTHS", "analyte", "TROPT", "partnerUnit", "ug/L", "factor", 1000))),
                        Map.of("testCode", "UE", "partnerCode", "UEP", "loinc", "24362-6"),
                        Map.of("testCode", "BONE", "partnerCode", "BONEP", "loinc", "24326-1")),
                "dailyCapacity", Map.of("CRITICAL", 10, "URGENT", 10, "ROUTINE", routineCapacity),
                "hours", Map.of("always", true),
                "turnaroundMinutes", Map.of("CRITICAL", 60, "URGENT", 240, "ROUTINE", 1440),
                "transportMinutes", 45,
                "contact", Map.of("name", "Duty biochemist", "phone", "020 7188 7188"));
    }

    /** Places the order by HL7 with a serum tube per test ({@code serum} the first) and receives the tubes in the lab. */
    private String order(Person person, String serum, String... tests) {
        loopbackHl7Sender(PRACTICE);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < tests.length; i++) {
            requests.add(new Request(tests[i], i == 0 ? serum : Api.unique("S"), "SER"));
        }
        try (Mllp mllp = new Mllp(listener.port())) {
            String ack = mllp.send(SyntheticMessages.oml(Api.unique("OML"), PRACTICE, Api.unique("P"), person, "R", null, requests));
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            for (Request r : requests) {
                assertThat(scientist().post("/api/specimens/" + r.barcode() + "/receipt", Map.of()).status()).isEqualTo(200);
            }
            return Mllp.field(ack, "ORC", 3).split("\\^")[0];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Api.Response refer(Api who, String accession, String test, String override) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("accession", accession, "test", test, "partner", PARTNER));
        if (override != null) {
            body.put("capacityOverride", override);
        }
        return who.post("/api/network/referrals", body);
    }

    private JsonNode referral(String id) {
        return scientist().get("/api/network/referrals/" + id).json().get("referral");
    }

    private String fromPartner(String message) {
        try (Mllp mllp = new Mllp(PARTNER_ADDRESS, listener.port())) {
            return mllp.send(message);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String oru(String nhsNumber, String... groups) {
        return "MSH|^~\\&|LIS|RJ1|PATHGUARD|PGLAB|20260302140000||ORU^R01^ORU_R01|" + Api.unique("RES") + "|P|2.5.1\r"
                + "PID|1||" + nhsNumber + "^^^NHS^NH||Okafor^Grace||19800214|F\r" + String.join("\r", groups);
    }

    /** An OBR whose field 25 (result status) is {@code status}. */
    private static String obr(String placer, String partnerCode, String status) {
        List<String> f = new ArrayList<>(java.util.Collections.nCopies(26, ""));
        f.set(0, "OBR");
        f.set(1, "1");
        f.set(2, placer);
        f.set(4, partnerCode + "^^L");
        f.set(25, status);
        return String.join("|", f);
    }

    @Test
    void aThirdPartyLabTakesOurReferralsAndItsResultsComeBackAsOurs() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        senders.configure(Actor.SYSTEM, new Hl7Sender("partner.lab", null, PARTNER_ADDRESS, List.of(), List.of(), PARTNER, List.of()));

        try (PartnerLis partner = new PartnerLis(port)) {
            // The agreement: a lab manager's, and a notice to the privacy officer.
            assertThat(scientist().put("/api/network/agreements/" + PARTNER, agreement(port, 3)).status()).isEqualTo(403);
            var set = manager().put("/api/network/agreements/" + PARTNER, agreement(port, 3));
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(db.sql("select count(*) from access_alert where kind = 'REFERRAL_AGREEMENT_SET' and detail like ?")
                    .param("%" + PARTNER + "%localhost:" + port + "%").query(Long.class).single()).isEqualTo(1);
            assertThat(api("referral.admin", "ADMINISTRATOR").post("/api/interfaces/destinations", Map.of("host", "localhost", "port", port))
                    .status()).isEqualTo(201);

            Person person = Hl7InterfaceTest.newPerson();
            String serum = Api.unique("S");
            String accession = order(person, serum, "TROP", "UE");

            // Refusals: nothing written.
            long before = eventCount();
            var notOnOrder = refer(scientist(), accession, "BONE", null);
            assertThat(notOnOrder.status()).isEqualTo(422);
            assertThat(notOnOrder.contentType()).startsWith("application/problem+json");
            assertThat(notOnOrder.json().get("detail").asString()).contains("BONE is not on order " + accession);
            var noAgreement = scientist().post("/api/network/referrals", Map.of("accession", accession, "test", "TROP", "partner", "RXH"));
            assertThat(noAgreement.status()).isEqualTo(422);
            assertThat(noAgreement.json().get("detail").asString()).contains("no mutual-aid agreement in force with RXH");
            var notAgreed = refer(scientist(), accession, "FBC", null);
            assertThat(notAgreed.status()).isEqualTo(422);
            assertThat(notAgreed.json().get("detail").asString()).contains("does not perform FBC for us");
            assertThat(eventCount()).isEqualTo(before);

            var trop = refer(scientist(), accession, "TROP", null);
            assertThat(trop.status()).as(trop.body()).isEqualTo(201);
            String tropId = trop.json().get("id").asString();
            assertThat(trop.json().get("state").asString()).isEqualTo("REQUESTED");
            assertThat(refer(scientist(), accession, "TROP", null).status()).as("already referred").isEqualTo(409);
            String ueId = refer(scientist(), accession, "UE", null).json().get("id").asString();

            // Capacity: three routine tests a day agreed; the fourth needs a lab manager's reasoned override.
            String second = order(Hl7InterfaceTest.newPerson(), Api.unique("S"), "TROP", "BONE");
            assertThat(refer(scientist(), second, "TROP", null).status()).isEqualTo(201);
            var over = refer(scientist(), second, "BONE", null);
            assertThat(over.status()).isEqualTo(422);
            assertThat(over.json().get("detail").asString()).contains("agreed to take 3 ROUTINE tests a day");
            assertThat(refer(scientist(), second, "BONE", "Our analyser is down").status()).as("only a lab manager overrides").isEqualTo(422);
            var overridden = refer(manager(), second, "BONE", "Our analyser is down until 16:00");
            assertThat(overridden.status()).as(overridden.body()).isEqualTo(201);
            assertThat(overridden.json().get("capacityOverride").asString()).isEqualTo("Our analyser is down until 16:00");
            String boneId = overridden.json().get("id").asString();

            // Sent in the IHE inter-laboratory shape (the referrals of an order due together share one OML; the
            // dispatcher may have sent the first before the second was made).
            dispatcher.sendDue();
            String oml = String.join("\r", partner.received.stream().filter(m -> m.contains(accession)).toList());
            assertThat(oml).contains("OML^O21", "MSH|^~\\&|PATHGUARD|PGLAB|LIS|RJ1|", person.nhsNumber() + "^^^NHS^NH", "Okafor^Grace",
                    "ORC|NW|" + accession + "-TROP^PGLAB||" + accession + "^PGLAB|", "ORC|NW|" + accession + "-UE^PGLAB||" + accession + "^PGLAB|",
                    "^PGLAB\r", "||TNT^^L^67151-1^^LN", "||UEP^^L^24362-6^^LN", "TQ1|1||||||||R", "SPM|1|" + serum + "&PGLAB||SER^^L|");
            assertThat(Mllp.field(oml, "ORC", 21)).as("ORC-21: us, by ODS code (XON-10)").endsWith("^PGLAB");
            assertThat(referral(tropId).get("state").asString()).isEqualTo("SENT");
            assertThat(referral(tropId).get("partnerAccession").asString()).startsWith("RJ1-");
            JsonNode refused = referral(boneId);
            assertThat(refused.get("state").asString()).isEqualTo("REFUSED");
            assertThat(refused.get("reason").asString()).contains("RJ1 could not accept BONE (ORC-1 UA)");
            JsonNode worklist = scientist().get("/api/network/referred-out").json();
            assertThat(worklist.findValues("id").stream().map(JsonNode::asString).toList()).as("a refusal waits on the worklist")
                    .contains(boneId, tropId, ueId);

            // The box and its manifest.
            var box = scientist().post("/api/network/dispatches", Map.of("partner", PARTNER, "referrals", List.of(tropId, ueId)));
            assertThat(box.status()).as(box.body()).isEqualTo(201);
            var manifest = scientist().get("/api/network/dispatches/" + box.json().get("id").asString() + "/manifest");
            assertThat(manifest.body()).contains(serum, person.nhsNumber(), "\"partnerTestCode\":\"TNT\"");
            assertThat(referral(tropId).get("state").asString()).isEqualTo("DISPATCHED");

            // The partner's reception has it: a status-only group.
            String received = fromPartner(oru(person.nhsNumber(), "ORC|SC|" + accession + "-TROP", obr(accession + "-TROP", "TNT", "I")));
            assertThat(Mllp.field(received, "MSA", 1)).as(received).isEqualTo("AA");
            assertThat(referral(tropId).get("state").asString()).isEqualTo("RECEIVED");

            // Bad results: refused, nothing written.
            before = eventCount();
            String unknown = fromPartner(oru(person.nhsNumber(), "ORC|RE|" + accession + "-GLU", obr(accession + "-GLU", "GLUC", "F"),
                    "OBX|1|NM|GLU^Glucose^L||5.1|mmol/L|||||F"));
            assertThat(Mllp.field(unknown, "MSA", 1)).isEqualTo("AE");
            assertThat(Mllp.field(unknown, "MSA", 3)).contains("No test was referred to RJ1");
            String otherPatient = fromPartner(oru(Api.newNhsNumber(), "ORC|RE|" + accession + "-TROP", obr(accession + "-TROP", "TNT", "F"),
                    "OBX|1|NM|TNTHS^hs troponin T^L||0.012|ug/L|||||F"));
            assertThat(Mllp.field(otherPatient, "MSA", 1)).isEqualTo("AE");
            assertThat(Mllp.field(otherPatient, "MSA", 3)).contains("NHS number");
            String badUnit = fromPartner(oru(person.nhsNumber(), "ORC|RE|" + accession + "-TROP", obr(accession + "-TROP", "TNT", "F"),
                    "OBX|1|NM|TNTHS^hs troponin T^L||12|pmol/L|||||F"));
            assertThat(Mllp.field(badUnit, "MSA", 3)).contains("unit 'pmol/L'");
            assertThat(eventCount()).isEqualTo(before);
            assertThat(referral(tropId).get("state").asString()).isEqualTo("RECEIVED");

            // The results, in the partner's codes and units: TROP by its own code in ug/L, U&E by LOINC, grouped by our accession.
            String results = fromPartner(oru(person.nhsNumber(),
                    "ORC|RE|" + accession + "-TROP|RJ1-1", obr(accession + "-TROP", "TNT", "F"),
                    "OBX|1|NM|TNTHS^hs troponin T^L||0.012|ug/L|||||F",
                    "ORC|RE||RJ1-2|" + accession, obr("", "UEP", "F"),
                    "OBX|1|NM|2951-2^Sodium^LN||140|mmol/L|||||F", "OBX|2|NM|2823-3^Potassium^LN||4.1|mmol/L|||||F",
                    "OBX|3|NM|22664-7^Urea^LN||5.2|mmol/L|||||F", "OBX|4|NM|14682-9^Creatinine^LN||80|umol/L|||||F"));
            assertThat(Mllp.field(results, "MSA", 1)).as(results).isEqualTo("AA");
            assertThat(referral(tropId).get("state").asString()).isEqualTo("RESULTED");
            assertThat(referral(ueId).get("state").asString()).isEqualTo("RESULTED");
            List<LabResult> filed = this.results.forOrder(orders.byAccession(accession).id());
            assertThat(filed).extracting(LabResult::analyteCode).containsExactlyInAnyOrder("TROPT", "NA", "K", "UREA", "CREA");
            assertThat(filed.stream().filter(r -> r.analyteCode().equals("TROPT")).findFirst().orElseThrow().measurement().value())
                    .as("0.012 ug/L is 12 ng/L").isEqualTo("12");
            String again = fromPartner(oru(person.nhsNumber(), "ORC|RE|" + accession + "-TROP", obr(accession + "-TROP", "TNT", "F"),
                    "OBX|1|NM|TNTHS^hs troponin T^L||0.013|ug/L|||||F"));
            assertThat(Mllp.field(again, "MSA", 1)).as("results already in").isEqualTo("AE");

            // Cancellation before the result: ORC-1 CA to the partner, CANCELLED when it acknowledges.
            String secondTrop = scientist().get("/api/network/referrals?accession=" + second).json().findValues("id").stream()
                    .map(JsonNode::asString).filter(id -> referral(id).get("testCode").asString().equals("TROP")).findFirst().orElseThrow();
            var cancel = scientist().post("/api/network/referrals/" + secondTrop + "/cancel", Map.of("reason", "Requester withdrew the request"));
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
            // The dispatcher's own round may have sent the CA already by the time the answer is read back.
            assertThat(cancel.json().get("state").asString()).isIn("CANCEL_REQUESTED", "CANCELLED");
            dispatcher.sendDue();
            assertThat(partner.received.getLast()).contains("ORC|CA|" + second + "-TROP^PGLAB|RJ1-");
            assertThat(referral(secondTrop).get("state").asString()).isEqualTo("CANCELLED");
            assertThat(scientist().get("/api/network/referrals/" + secondTrop).json().get("history").findValues("to"))
                    .extracting(JsonNode::asString).containsSubsequence("SENT", "CANCEL_REQUESTED", "CANCELLED");
            before = eventCount();
            String cancelled = fromPartner(oru(null, "ORC|RE|" + second + "-TROP", obr(second + "-TROP", "TNT", "F"),
                    "OBX|1|NM|TNTHS^hs troponin T^L||0.012|ug/L|||||F"));
            assertThat(Mllp.field(cancelled, "MSA", 3)).contains("CANCELLED");
            assertThat(eventCount()).isEqualTo(before);

            // Every move an event with its time; the refused one is acknowledged by cancelling it.
            var history = scientist().get("/api/network/referrals/" + tropId).json().get("history");
            // The troponin is autoverified, so the dispatcher's own round may have closed it already: released on the report.
            List<String> moves = history.findValues("to").stream().map(JsonNode::asString).toList();
            assertThat(moves).startsWith("REQUESTED", "SENT", "DISPATCHED", "RECEIVED", "RESULTED");
            assertThat(moves.subList(5, moves.size())).isIn(List.of(), List.of("CLOSED"));
            assertThat(scientist().post("/api/network/referrals/" + boneId + "/cancel", Map.of("reason", "Sent to the reference lab by post"))
                    .json().get("state").asString()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void resultsFromALabWithNoAgreementAreRefused() {
        senders.configure(Actor.SYSTEM, new Hl7Sender("partner.lab", null, PARTNER_ADDRESS, List.of(), List.of(), "RXH", List.of()));
        long before = eventCount();
        String ack = fromPartner(oru(Api.newNhsNumber(), "ORC|RE|PG260000001-TROP", obr("PG260000001-TROP", "TNT", "F"),
                "OBX|1|NM|TNTHS^hs troponin T^L||0.012|ug/L|||||F"));
        assertThat(Mllp.field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(Mllp.field(ack, "MSA", 3)).contains("no mutual-aid agreement in force");
        assertThat(eventCount()).isEqualTo(before);
    }
}
