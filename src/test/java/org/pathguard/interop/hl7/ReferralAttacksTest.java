package org.pathguard.interop.hl7;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.network.Referrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The referral doors, tried as an attacker would: a partner's results for work sent elsewhere, for the wrong patient,
 * for an order it never accepted; a partner posing as our analysers or ordering for a practice; people and machines
 * at every referral endpoint and screen beyond their role; an agreement pointing at an unlisted host or stuffed with
 * odd values; and the referring lab's reading rights at the partner. Each is refused with a reason and nothing is
 * written, and no refusal puts a patient's NHS number or name in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReferralAttacksTest extends LabServerTest {

    private static final String P1 = "RAT01";
    private static final String P2 = "RAT02";
    private static final String P1_ADDRESS = "127.0.0.31";
    private static final String P2_ADDRESS = "127.0.0.32";
    /** A family name nothing else uses, to look for in the log. */
    private static final String FAMILY = "Quillfeather";

    @Autowired
    MllpListener listener;
    @Autowired
    ReferralDispatcher dispatcher;
    @Autowired
    Hl7Senders senders;
    @Autowired
    Referrals referrals;

    private Api manager() {
        return api("attack.manager", "LAB_MANAGER");
    }

    private Api scientist() {
        return api("attack.scientist", "SCIENTIST");
    }

    private Api gp() {
        return api("attack.gp", "REQUESTER");
    }

    private static Map<String, Object> agreement(String ods, String host, int port) {
        Map<String, Object> a = new HashMap<>(Map.of("name", "Attack test lab " + ods,
                "endpoint", Map.of("host", host, "port", port, "receivingApplication", "LIS", "receivingFacility", ods, "tls", false),
                "tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TROP"), Map.of("testCode", "UE", "partnerCode", "UE")),
                "dailyCapacity", Map.of("CRITICAL", 50, "URGENT", 50, "ROUTINE", 50),
                "hours", Map.of("always", true),
                "turnaroundMinutes", Map.of("CRITICAL", 60, "URGENT", 240, "ROUTINE", 1440),
                "transportMinutes", 45,
                "contact", Map.of("name", "Duty biochemist", "phone", "020 7188 7188")));
        return a;
    }

    private static Person person() {
        return new Person(Api.newNhsNumber(), Api.unique("H"), FAMILY, "Ottoline", "19710305", "F", "SE1 7EH");
    }

    /** An order placed by HL7 by the practice, a serum tube per test, received; returns the accession. */
    private String order(Person person, String... tests) {
        loopbackHl7Sender(PRACTICE);
        List<Request> requests = new ArrayList<>();
        for (String t : tests) {
            requests.add(new Request(t, Api.unique("AS"), "SER"));
        }
        try (Mllp mllp = new Mllp(listener.port())) {
            String ack = mllp.send(SyntheticMessages.oml(Api.unique("OML"), PRACTICE, Api.unique("P"), person, "R", null, requests));
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            for (Request r : requests) {
                assertThat(scientist().post("/api/specimens/" + r.barcode() + "/receipt", Map.of()).status()).isEqualTo(200);
            }
            return Mllp.field(ack, "ORC", 3).split("\\^")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String from(String address, String message) {
        try (Mllp mllp = new Mllp(address, listener.port())) {
            return mllp.send(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oru(String sender, String nhsNumber, String placer, String code, String obx) {
        return "MSH|^~\\&|LIS|" + sender + "|PATHGUARD|PGLAB|20260302140000||ORU^R01^ORU_R01|" + Api.unique("RES") + "|P|2.5.1\r"
                + "PID|1||" + nhsNumber + "^^^NHS^NH||" + FAMILY + "^Ottoline||19710305|F\r"
                + "ORC|RE|" + placer + "\r"
                + "OBR|1|" + placer + "||" + code + "^^L|||||||||||||||||||||F\r" + obx;
    }

    private static final String TROP_OBX = "OBX|1|NM|TROPT^Troponin T^L||12|ng/L|||||F";

    private String state(String referralId) {
        return scientist().get("/api/network/referrals/" + referralId).json().get("referral").get("state").asString();
    }

    private String refer(String accession, String test, String partner) {
        var r = manager().post("/api/network/referrals", Map.of("accession", accession, "test", test, "partner", partner));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** The two partners' entries in the HL7 sender directory (one per partner lab, both directions) and their agreements. */
    private int partners() {
        senders.configure(Actor.SYSTEM, new Hl7Sender("attack.p1", null, P1_ADDRESS, List.of(P1), List.of(), P1, List.of("TROP")));
        senders.configure(Actor.SYSTEM, new Hl7Sender("attack.p2", null, P2_ADDRESS, List.of(), List.of(), P2, List.of()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(manager().put("/api/network/agreements/" + P1, agreement(P1, "localhost", port)).status()).isEqualTo(200);
        assertThat(manager().put("/api/network/agreements/" + P2, agreement(P2, "p2.invalid", 2575)).status()).isEqualTo(200);
        return port;
    }

    @Test
    void aPartnersResultsAreTakenOnlyForWorkItAcceptedForThatPatient(CapturedOutput output) throws Exception {
        int port = partners();
        Person person = person();
        Person someoneElse = person();
        String accession = order(person, "TROP", "UE");
        order(someoneElse, "TROP");
        try (ReferralMllpTest.PartnerLis partner = new ReferralMllpTest.PartnerLis(port)) {
            String trop = refer(accession, "TROP", P1);

            // The agreement's host is not on the administrator's destination list: nothing goes there, the referral waits.
            dispatcher.sendDue();
            assertThat(partner.received).as("nothing sent to an unlisted host").isEmpty();
            assertThat(state(trop)).isEqualTo("REQUESTED");
            assertThat(referrals.worklist(new Actor("attack.scientist", Actor.Role.SCIENTIST),
                    new Referrals.WorklistFilter(P1, null, false), 0, 1000).lines())
                    .as("held, and on the worklist").anySatisfy(l -> assertThat(l.referral().id().toString()).isEqualTo(trop));

            // Results for an order not yet recorded as accepted (still REQUESTED): refused, nothing written, and a resend
            // asked for (206), since a partner's results can overtake its acceptance on the way back.
            long before = eventCount();
            String early = from(P1_ADDRESS, oru(P1, person.nhsNumber(), accession + "-TROP", "TROP", TROP_OBX));
            assertThat(Mllp.field(early, "MSA", 1)).isEqualTo("AE");
            assertThat(Mllp.field(early, "ERR", 3)).startsWith("206^");
            assertThat(Mllp.field(early, "MSA", 3)).contains("not yet recorded here as accepted", "send the results again");
            assertThat(eventCount()).isEqualTo(before);

            // The administrator lists the host: now it goes, and the partner accepts.
            assertThat(api("attack.admin", "ADMINISTRATOR").post("/api/interfaces/destinations", Map.of("host", "localhost", "port", port))
                    .status()).isEqualTo(201);
            dispatcher.sendDue();
            assertThat(partner.received).anySatisfy(m -> assertThat(m).contains(accession + "-TROP"));
            assertThat(state(trop)).isEqualTo("SENT");

            // Another partner lab (with an agreement of its own) answers for work sent to P1: refused, nothing written.
            before = eventCount();
            String poached = from(P2_ADDRESS, oru(P2, person.nhsNumber(), accession + "-TROP", "TROP", TROP_OBX));
            assertThat(Mllp.field(poached, "MSA", 1)).isEqualTo("AE");
            assertThat(Mllp.field(poached, "MSA", 3)).contains("was not referred to " + P2);
            // The right partner, a real placer number, another (existing) patient's NHS number: refused.
            String wrongPatient = from(P1_ADDRESS, oru(P1, someoneElse.nhsNumber(), accession + "-TROP", "TROP", TROP_OBX));
            assertThat(Mllp.field(wrongPatient, "MSA", 1)).isEqualTo("AE");
            assertThat(Mllp.field(wrongPatient, "MSA", 3)).contains("NHS number");
            // An NHS number that is not one (bad check digit): refused as data, not an incident.
            String badNumber = from(P1_ADDRESS, oru(P1, "9434765918", accession + "-TROP", "TROP", TROP_OBX));
            assertThat(Mllp.field(badNumber, "MSA", 1)).isEqualTo("AE");
            assertThat(Mllp.field(badNumber, "MSA", 3)).doesNotContain("incident");
            // The partner posing as our analysers: a test of ours it was never sent (UE on the same order).
            String notReferred = from(P1_ADDRESS, oru(P1, person.nhsNumber(), accession + "-UE", "UE",
                    "OBX|1|NM|NA^Sodium^L||140|mmol/L|||||F"));
            assertThat(Mllp.field(notReferred, "MSA", 1)).isEqualTo("AE");
            assertThat(Mllp.field(notReferred, "MSA", 3)).contains("No test was referred to " + P1);
            assertThat(eventCount()).isEqualTo(before);
            assertThat(state(trop)).isEqualTo("SENT");

            // A cancellation the partner has not yet confirmed: its result, crossing ours, is taken (our checks still apply).
            String ue = refer(accession, "UE", P1);
            dispatcher.sendDue();
            assertThat(state(ue)).isEqualTo("SENT");
            partner.close();
            assertThat(scientist().post("/api/network/referrals/" + ue + "/cancel", Map.of("reason", "Done here after all")).json()
                    .get("state").asString()).isEqualTo("CANCEL_REQUESTED");
            String crossed = from(P1_ADDRESS, oru(P1, person.nhsNumber(), accession + "-UE", "UE",
                    "OBX|1|NM|NA^Sodium^L||140|mmol/L|||||F\rOBX|2|NM|K^Potassium^L||4.1|mmol/L|||||F\r"
                            + "OBX|3|NM|UREA^Urea^L||5.2|mmol/L|||||F\rOBX|4|NM|CREA^Creatinine^L||80|umol/L|||||F"));
            assertThat(Mllp.field(crossed, "MSA", 1)).as(crossed).isEqualTo("AA");
            assertThat(state(ue)).as("resulted (then closed once released)").isIn("RESULTED", "CLOSED");
        }

        // None of those refusals wrote the patients' NHS numbers or names to the log.
        assertThat(output.getAll()).doesNotContain(person.nhsNumber(), someoneElse.nhsNumber(), FAMILY, "9434765918");
    }

    @Test
    void aPartnerLabOrdersOnlyInItsOwnNameAndSendsResultsOnlyForItsReferrals() {
        partners();
        Person person = person();
        // Results for our own analyser's work (an order no one referred), from the partner's address.
        String ours = order(person, "TROP");
        long before = eventCount();
        String posing = from(P1_ADDRESS, oru(P1, person.nhsNumber(), ours + "-TROP", "TROP", TROP_OBX));
        assertThat(Mllp.field(posing, "MSA", 1)).isEqualTo("AE");
        assertThat(Mllp.field(posing, "MSA", 3)).contains("No test was referred to " + P1);
        // An order in a GP practice's name from the partner lab: refused, nothing written.
        String forPractice = from(P1_ADDRESS, SyntheticMessages.oml(Api.unique("OML"), PRACTICE, Api.unique("P"), person(), "R", null,
                List.of(new Request("TROP", Api.unique("AS"), "SER"))));
        assertThat(Mllp.field(forPractice, "MSA", 1)).isEqualTo("AR");
        assertThat(Mllp.field(forPractice, "MSA", 3)).contains(PRACTICE);
        // A test it was never allowed to refer, in its own name.
        String notReferable = from(P1_ADDRESS, SyntheticMessages.oml(Api.unique("OML"), P1, Api.unique("P"), person(), "R", null,
                List.of(new Request("FBC", Api.unique("AE"), "EDTA"))));
        assertThat(Mllp.field(notReferable, "MSA", 1)).isEqualTo("AR");
        assertThat(eventCount()).isEqualTo(before);
    }

    /** An agreement as typed, with one part replaced by an odd value. */
    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> a = agreement("RAT09", "rat09.invalid", 2575);
        a.put(key, value);
        return a;
    }

    @Test
    void oddAgreementsAreRefusedWithAReasonAndNothingWritten() {
        Map<String, Map<String, Object>> odd = new java.util.LinkedHashMap<>();
        Map<String, Integer> negative = new HashMap<>(Map.of("CRITICAL", -1, "URGENT", 5, "ROUTINE", 5));
        odd.put("negative capacity", with("dailyCapacity", negative));
        odd.put("huge capacity", with("dailyCapacity", Map.of("CRITICAL", 2_000_000_000, "URGENT", 5, "ROUTINE", 5)));
        odd.put("huge turnaround", with("turnaroundMinutes", Map.of("CRITICAL", 2_000_000_000, "URGENT", 240, "ROUTINE", 1440)));
        odd.put("turnaround past an int", with("turnaroundMinutes", Map.of("CRITICAL", 99_999_999_999L, "URGENT", 240, "ROUTINE", 1440)));
        odd.put("unknown priority", with("turnaroundMinutes", Map.of("CRITICAL", 60, "URGENT", 240, "ROUTINE", 1440, "WHENEVER", 1)));
        Map<String, Object> nullTurnaround = new HashMap<>(Map.of("CRITICAL", 60, "URGENT", 240));
        nullTurnaround.put("ROUTINE", null);
        odd.put("a turnaround of null", with("turnaroundMinutes", nullTurnaround));
        odd.put("negative transport", with("transportMinutes", -5));
        odd.put("10,000 tests", with("tests", java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(i -> Map.of("testCode", "T" + i, "partnerCode", "T" + i)).toList()));
        odd.put("a test twice", with("tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TROP"),
                Map.of("testCode", "TROP", "partnerCode", "TROP"))));
        odd.put("control characters in the name", with("name", "South\u0007Bank\nLab"));
        odd.put("a name of 10,000 letters", with("name", "L".repeat(10_000)));
        odd.put("control characters in the contact", with("contact", Map.of("name", "Duty\rbiochemist", "phone", "020 7188 7188")));
        odd.put("a host with a path", with("endpoint", Map.of("host", "evil.example/x", "port", 2575, "receivingApplication", "LIS",
                "receivingFacility", "RAT09", "tls", false)));
        odd.put("port 0", with("endpoint", Map.of("host", "lab.example", "port", 0, "receivingApplication", "LIS",
                "receivingFacility", "RAT09", "tls", false)));
        odd.put("a nonsense LOINC", with("tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TROP", "loinc", "not\u0000loinc"))));
        odd.put("a partner unit with control characters", with("tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TNT",
                "loinc", "67151-1", "analytes", List.of(Map.of("partnerCode", "TNTHS", "analyte", "TROPT", "partnerUnit", "ug/L\r\nMSH|",
                        "factor", 1000))))));
        odd.put("a zero unit factor", with("tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TNT", "loinc", "67151-1",
                "analytes", List.of(Map.of("partnerCode", "TNTHS", "analyte", "TROPT", "partnerUnit", "ug/L", "factor", 0))))));
        odd.put("no body", null);
        manager().get("/api/network/agreements");
        long before = eventCount();
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (Map.Entry<String, Map<String, Object>> e : odd.entrySet()) {
            Api.Response r = e.getValue() == null ? manager().put("/api/network/agreements/RAT09", "")
                    : manager().put("/api/network/agreements/RAT09", e.getValue());
            soft.assertThat(r.status()).as(e.getKey() + ": " + r.body()).isBetween(400, 499);
            soft.assertThat(r.contentType()).as(e.getKey()).startsWith("application/problem+json");
        }
        soft.assertAll();
        assertThat(eventCount()).as("nothing written").isEqualTo(before);
        assertThat(manager().get("/api/network/agreements/RAT09").status()).isEqualTo(404);
    }

    @Test
    void onlyLabStaffReachTheReferralDoorsAndTheDirectoryIsReadByThoseWhoReviewIt() {
        partners();
        String accession = order(person(), "TROP");
        String id = refer(accession, "TROP", P1);
        String body = "{\"accession\":\"" + accession + "\",\"test\":\"TROP\",\"partner\":\"" + P1 + "\"}";
        record Door(String method, String path, String body) {
        }
        List<Door> doors = List.of(new Door("GET", "/api/network/agreements", null), new Door("GET", "/api/network/agreements/" + P1, null),
                new Door("PUT", "/api/network/agreements/" + P1, Api.JSON.writeValueAsString(agreement(P1, "localhost", 2575))),
                new Door("DELETE", "/api/network/agreements/" + P1, null), new Door("GET", "/api/network/agreements/" + P1 + "/capacity", null),
                new Door("POST", "/api/network/referrals", body), new Door("POST", "/api/network/referrals/batch", body),
                new Door("GET", "/api/network/referrals?accession=" + accession, null), new Door("GET", "/api/network/referrals/" + id, null),
                new Door("POST", "/api/network/referrals/" + id + "/cancel", "{\"reason\":\"attack\"}"),
                new Door("GET", "/api/network/referred-out", null), new Door("POST", "/api/network/dispatches", "{\"partner\":\"" + P1
                        + "\",\"referrals\":[\"" + id + "\"]}"),
                new Door("GET", "/api/network/dispatches", null), new Door("GET", "/api/network/dispatches/" + UUID.randomUUID(), null),
                new Door("GET", "/api/network/dispatches/" + UUID.randomUUID() + "/manifest", null),
                new Door("GET", "/referrals", null), new Door("GET", "/referrals/new", null), new Door("GET", "/referrals/" + id, null),
                new Door("GET", "/referrals/dispatches/" + UUID.randomUUID(), null), new Door("GET", "/partners", null));
        Map<String, Api> callers = new java.util.LinkedHashMap<>();
        callers.put("GP requester", gp());
        callers.put("auditor", api("attack.auditor", "AUDITOR"));
        callers.put("administrator", api("attack.admin", "ADMINISTRATOR"));
        for (String scope : Scope.NAMES) {
            callers.put("machine with " + scope, Api.machine(port, accounts.issueCredential(Actor.SYSTEM, "attack.machine." + scope, PRACTICE,
                    List.of(scope)).token()));
        }
        // What the code intends: the privacy officer and the administrator review the partner directory (who patient data
        // goes to), and read nothing of any referral; requesters and machines reach nothing here.
        java.util.Set<String> reviewed = java.util.Set.of("GET /api/network/agreements", "GET /api/network/agreements/" + P1,
                "GET /api/network/agreements/" + P1 + "/capacity", "GET /partners");
        long before = db.sql("select coalesce(max(seq), 0) from event_log").query(Long.class).single();
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (Map.Entry<String, Api> caller : callers.entrySet()) {
            for (Door door : doors) {
                Api api = caller.getValue();
                Api.Response r = switch (door.method()) {
                    case "GET" -> api.get(door.path());
                    case "PUT" -> api.put(door.path(), door.body());
                    case "DELETE" -> api.delete(door.path());
                    default -> api.post(door.path(), door.body());
                };
                boolean mayRead = (caller.getKey().equals("auditor") || caller.getKey().equals("administrator"))
                        && reviewed.contains(door.method() + " " + door.path());
                soft.assertThat(r.status()).as(caller.getKey() + " " + door.method() + " " + door.path() + ": " + r.body())
                        .isEqualTo(mayRead ? 200 : 403);
            }
        }
        soft.assertAll();
        assertThat(state(id)).isEqualTo("REQUESTED");
        // The lab's own background work (the sweep closing another test's resulted referrals) may write meanwhile: not them.
        assertThat(db.sql("select count(*) from event_log where seq > ? and actor <> ? and event_type in ('AgreementSet', "
                + "'AgreementEnded', 'ReferralRequested', 'ReferralStateChanged', 'SpecimensDispatched')")
                .params(before, Actor.SYSTEM.logName()).query(Long.class).single())
                .as("no referral door wrote anything for them").isZero();

        // A scientist may not change an agreement or override a partner's capacity.
        assertThat(scientist().put("/api/network/agreements/" + P1, agreement(P1, "localhost", 2575)).status()).isEqualTo(403);
    }

    @Test
    void theReferringLabReadsAtThePartnerOnlyThePatientsItReferred() {
        partners();
        // Here we are the partner: P1 refers troponin to us by OML in its own name, as a lab does.
        Person referred = person();
        String serum = Api.unique("AS");
        String ack = from(P1_ADDRESS, SyntheticMessages.oml(Api.unique("OML"), P1, Api.unique("P"), referred, "R", null,
                List.of(new Request("TROP", serum, "SER"))));
        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        String referredAccession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
        String ours = order(person(), "TROP");

        // P1's staff sign in here as requesters of their own lab (organisation = P1's ODS code).
        Api referrer = api("attack.p1.requester", "REQUESTER", P1);
        assertThat(referrer.get("/api/orders/" + referredAccession).status()).as("the order it referred").isEqualTo(200);
        assertThat(referrer.get("/api/orders/" + referredAccession + "/results").status()).isEqualTo(200);
        var other = referrer.get("/api/orders/" + ours);
        assertThat(other.status()).as("a practice's order it has nothing to do with: " + other.body()).isEqualTo(403);
        assertThat(referrer.get("/api/orders/" + ours + "/results").status()).isEqualTo(403);
        assertThat(referrer.get("/api/network/referred-out").status()).as("our worklist is not theirs").isEqualTo(403);
    }
}
