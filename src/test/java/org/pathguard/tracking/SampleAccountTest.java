package org.pathguard.tracking;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.cli.DemoAtRestTest;
import org.pathguard.database.DatabaseServer;
import org.pathguard.export.Fingerprint;
import org.pathguard.access.Actor;
import org.pathguard.incident.Incident;
import org.pathguard.incident.Incidents;
import org.pathguard.lab.LabTime;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Late tubes and every sample accounted for, through the real doors on a real server and PostgreSQL: a potassium tube
 * older than its stability is flagged at reception and its result held for an authoriser while a fresh one autoverifies;
 * a requester's account says each tube's state now; a practice reads and downloads its own list only.
 */
class SampleAccountTest extends LabServerTest {

    static final String OURS = "G86017";
    static final String THEIRS = "G86018";
    static final String PARTNER = "RJZ09";

    @Autowired
    DatabaseServer database;

    @Autowired
    Incidents incidents;

    private Api gp() {
        return api("dr.sampleplacer", "REQUESTER", OURS);
    }

    private Api gpReader() {
        return api("dr.samplereader", "REQUESTER", OURS);
    }

    private Api otherGp() {
        return api("dr.otherpractice", "REQUESTER", THEIRS);
    }

    private Api scientist() {
        return api("bms.samples", "SCIENTIST");
    }

    private Api authoriser() {
        return api("cs.samples", "AUTHORISER");
    }

    private Api manager() {
        return api("mgr.samples", "LAB_MANAGER");
    }

    private Api analyser() {
        return api("analyser.samples", "INTERFACE");
    }

    private static String today() {
        return LocalDate.now(LabTime.ZONE).toString();
    }

    private static String period() {
        // Yesterday too: a tube taken six hours ago may be on yesterday's UK date, the order is placed today.
        return "from=" + LocalDate.now(LabTime.ZONE).minusDays(1) + "&to=" + today();
    }

    private String patient(Api who, String family) {
        var r = who.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", family, "givenName", "Sam", "dateOfBirth", "1970-05-06", "sex", "FEMALE", "postcode", "SE5 9RS"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** Places an order of {@code test} for {@code ods} with one tube taken {@code hoursAgo}; returns the tube's barcode. */
    private String order(Api who, String ods, String patient, String test, String type, int hoursAgo) {
        String barcode = Api.unique("SA");
        var placed = who.post("/api/orders", Map.of("patientId", patient, "requesterOds", ods, "clinician", "Dr Account",
                "priority", "ROUTINE", "placerOrderNumber", Api.unique("PA"), "tests", List.of(test),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", type,
                        "collectedAt", Instant.now().minus(Duration.ofHours(hoursAgo)).toString()))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return barcode;
    }

    private Api.Response receive(String barcode) {
        var r = scientist().post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    private Map<String, JsonNode> results(String barcode, Map<String, String> values) {
        List<Map<String, String>> items = new ArrayList<>();
        values.forEach((analyte, value) -> items.add(Map.of("analyte", analyte, "value", value)));
        var sent = analyser().post("/api/results", Map.of("barcode", barcode, "results", items));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        Map<String, JsonNode> byAnalyte = new HashMap<>();
        sent.json().forEach(r -> byAnalyte.put(r.get("analyteCode").asString(), r));
        return byAnalyte;
    }

    private static final Map<String, String> NORMAL_UE = Map.of("NA", "140", "K", "4.2", "UREA", "5.0", "CREA", "70");

    @Test
    void aLatePotassiumTubeIsFlaggedAtReceiptAndItsResultHeldForAnAuthoriserWhileAFreshOneAutoverifies() {
        String late = order(gp(), OURS, patient(gp(), "Latetube"), "UE", "SER", 6);
        JsonNode receipt = receive(late).json();
        assertThat(receipt.get("barcode").asString()).isEqualTo(late);
        assertThat(receipt.get("status").asString()).as("received all the same, so it is accounted for").isEqualTo("RECEIVED");
        assertThat(receipt.get("pastStability")).hasSize(1);
        assertThat(receipt.get("pastStability").get(0).get("analyte").asString()).isEqualTo("K");
        assertThat(receipt.get("pastStability").get(0).get("within").asString()).isEqualTo("4 h");
        assertThat(receipt.get("pastStability").get(0).get("source").asString()).contains("2016");
        assertThat(receipt.get("rebleed").asString()).contains("accounted for").contains("Potassium").contains("re-bleed");

        Map<String, JsonNode> lateResults = results(late, NORMAL_UE);
        assertThat(lateResults.get("K").get("status").asString()).isEqualTo("PRELIMINARY");
        assertThat(lateResults.get("K").get("holdReasons").toString()).isEqualTo("[\"PAST_STABILITY\"]");
        assertThat(lateResults.get("NA").get("status").asString()).as("sodium keeps 24 h").isEqualTo("FINAL");
        String heldK = lateResults.get("K").get("id").asString();
        var byScientist = scientist().post("/api/results/" + heldK + "/authorisation", Map.of("comment", "looks fine"));
        assertThat(byScientist.status()).isEqualTo(403);
        assertThat(byScientist.contentType()).startsWith("application/problem+json");
        assertThat(byScientist.json().get("detail").asString()).contains("past stability");
        JsonNode queue = authoriser().get("/api/validation-queue?holdReason=PAST_STABILITY&limit=1000").json();
        List<String> queued = new ArrayList<>();
        queue.get("results").forEach(r -> queued.add(r.get("result").get("id").asString()));
        assertThat(queued).contains(heldK);

        String fresh = order(gp(), OURS, patient(gp(), "Freshtube"), "UE", "SER", 0);
        JsonNode freshReceipt = receive(fresh).json();
        assertThat(freshReceipt.get("pastStability")).isEmpty();
        assertThat(freshReceipt.get("rebleed").isNull()).isTrue();
        assertThat(results(fresh, NORMAL_UE).get("K").get("status").asString()).isEqualTo("FINAL");

        var byAuthoriser = authoriser().post("/api/results/" + heldK + "/authorisation", Map.of("comment", "Spun at the surgery; safe"));
        assertThat(byAuthoriser.status()).as(byAuthoriser.body()).isEqualTo(200);
    }

    @Test
    void theAccountSaysEachTubesStateNowToTheRequesterAndToTheLab() {
        var agreement = manager().put("/api/network/agreements/" + PARTNER, Map.of("name", "Account Partner Laboratory",
                "endpoint", Map.of("host", "account-partner.invalid", "port", 2575, "receivingApplication", "LIS",
                        "receivingFacility", PARTNER, "tls", false),
                "tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TROP")),
                "dailyCapacity", Map.of("CRITICAL", 10, "URGENT", 100, "ROUTINE", 100), "hours", Map.of("always", true),
                "turnaroundMinutes", Map.of("CRITICAL", 60, "URGENT", 240, "ROUTINE", 1440), "transportMinutes", 0,
                "contact", Map.of("name", "Duty biochemist", "phone", "020 7188 7188")));
        assertThat(agreement.status()).as(agreement.body()).isEqualTo(200);

        Map<String, String> expected = new HashMap<>();
        expected.put(order(gp(), OURS, patient(gp(), "Awaited"), "CRP", "SER", 0), "AWAITING_SPECIMEN");
        String received = order(gp(), OURS, patient(gp(), "Received"), "CRP", "SER", 0);
        receive(received);
        expected.put(received, "RECEIVED");
        String inProgress = order(gp(), OURS, patient(gp(), "Inprogress"), "UE", "SER", 0);
        receive(inProgress);
        results(inProgress, Map.of("NA", "140"));
        expected.put(inProgress, "IN_PROGRESS");
        String reported = order(gp(), OURS, patient(gp(), "Reported"), "CRP", "SER", 0);
        receive(reported);
        assertThat(results(reported, Map.of("CRP", "3")).get("CRP").get("status").asString()).isEqualTo("FINAL");
        expected.put(reported, "REPORTED");
        String referred = order(gp(), OURS, patient(gp(), "Referred"), "TROP", "SER", 0);
        String accession = db.sql("select o.accession from lab_order o join specimen s on s.order_id = o.id where s.barcode = ?")
                .param(referred).query(String.class).single();
        var referral = scientist().post("/api/network/referrals", Map.of("accession", accession, "test", "TROP", "partner", PARTNER));
        assertThat(referral.status()).as(referral.body()).isEqualTo(201);
        expected.put(referred, "REFERRED");
        String rejected = order(gp(), OURS, patient(gp(), "Rejected"), "CRP", "SER", 0);
        assertThat(scientist().post("/api/specimens/" + rejected + "/rejection", Map.of("reason", "HAEMOLYSED")).status()).isEqualTo(200);
        expected.put(rejected, "REJECTED");
        String cancelled = order(gp(), OURS, patient(gp(), "Cancelled"), "CRP", "SER", 0);
        String cancelledAccession = db.sql("select o.accession from lab_order o join specimen s on s.order_id = o.id where s.barcode = ?")
                .param(cancelled).query(String.class).single();
        var cancel = scientist().post("/api/orders/" + cancelledAccession + "/tests/CRP/cancellation", Map.of("reason", "Duplicate request, sent twice"));
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        expected.put(cancelled, "CANCELLED");
        String lateReceived = order(gp(), OURS, patient(gp(), "Latereceived"), "UE", "SER", 6);
        receive(lateReceived);
        expected.put(lateReceived, "NEEDS_REBLEED");
        expected.put(order(gp(), OURS, patient(gp(), "Lateontheway"), "UE", "SER", 6), "NEEDS_REBLEED");
        // A late potassium held, then rejected for a repeat: the tube cannot give it again, the patient must be bled.
        String lateRejected = order(gp(), OURS, patient(gp(), "Laterejected"), "UE", "SER", 6);
        receive(lateRejected);
        String heldK = results(lateRejected, NORMAL_UE).get("K").get("id").asString();
        assertThat(authoriser().post("/api/results/" + heldK + "/rejection", Map.of("comment", "Past stability: re-bleed")).status())
                .isEqualTo(200);
        expected.put(lateRejected, "NEEDS_REBLEED");

        var asked = gpReader().get("/api/sample-account?" + period());
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        JsonNode account = asked.json();
        assertThat(account.get("requesterOds").asString()).isEqualTo(OURS);
        Map<String, JsonNode> tubes = tubes(account);
        expected.forEach((barcode, state) -> assertThat(tubes.get(barcode).get("state").asString()).as(barcode).isEqualTo(state));
        assertThat(tubes.get(referred).get("detail").asString()).contains("Account Partner Laboratory (" + PARTNER + ")");
        assertThat(tubes.get(rejected).get("detail").asString()).isEqualTo("Haemolysed");
        assertThat(tubes.get(lateReceived).get("detail").asString()).contains("Potassium").doesNotContain("Sodium");
        assertThat(tubes.get(lateReceived).get("stateWords").asString()).isEqualTo("Needs re-bleed");
        JsonNode someone = orderOf(account, lateReceived).get("patient");
        assertThat(someone.get("familyName").asString()).isEqualTo("Latereceived");
        assertThat(someone.get("nhsNumber").asString()).matches("999\\d{7}");
        assertThat(someone.get("dateOfBirth").asString()).isEqualTo("1970-05-06");
        // Every patient on the list passed the read gate, in one accounted read.
        assertThat(db.sql("select count(distinct patient_id) from patient_read where principal = 'dr.samplereader' and what = ?")
                .param("sample-account:" + OURS).query(Integer.class).single()).isEqualTo(account.get("orders").size());

        // The lab sees the same, choosing the requester.
        JsonNode requesters = manager().get("/api/sample-account/requesters?" + period()).json();
        List<String> offered = new ArrayList<>();
        requesters.forEach(r -> offered.add(r.get("ods").asString()));
        assertThat(offered).contains(OURS);
        var labView = manager().get("/api/sample-account?requester=" + OURS + "&" + period());
        assertThat(labView.status()).as(labView.body()).isEqualTo(200);
        Map<String, JsonNode> labTubes = tubes(labView.json());
        expected.forEach((barcode, state) -> assertThat(labTubes.get(barcode).get("state").asString()).as(barcode).isEqualTo(state));
    }

    private static Map<String, JsonNode> tubes(JsonNode account) {
        Map<String, JsonNode> tubes = new HashMap<>();
        account.get("orders").forEach(o -> o.get("tubes").forEach(t -> tubes.put(t.get("barcode").asString(), t)));
        return tubes;
    }

    private static JsonNode orderOf(JsonNode account, String barcode) {
        for (JsonNode o : account.get("orders")) {
            for (JsonNode t : o.get("tubes")) {
                if (t.get("barcode").asString().equals(barcode)) {
                    return o;
                }
            }
        }
        throw new AssertionError("no order with tube " + barcode);
    }

    @Test
    void aPracticeAskingForAnotherPracticesListIsRefusedNothingReadAndTheAskKept() {
        order(otherGp(), THEIRS, patient(otherGp(), "Otherpractice"), "CRP", "SER", 0);
        long readsBefore = db.sql("select count(*) from patient_read where principal = 'dr.samplereader'").query(Long.class).single();

        var refused = gpReader().get("/api/sample-account?requester=" + THEIRS + "&" + period());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("only its own organisation's samples (" + OURS + ")");
        assertThat(db.sql("select count(*) from patient_read where principal = 'dr.samplereader'").query(Long.class).single())
                .as("nothing of theirs read").isEqualTo(readsBefore);
        assertThat(db.sql("select count(*) from event_log where event_type like '%SampleAccountRefused' and actor like 'dr.samplereader/%'")
                .query(Long.class).single()).as("the ask is kept for the privacy officer").isPositive();
        assertThat(gpReader().get("/api/sample-account?requester=" + OURS.toLowerCase() + "&" + period()).status())
                .as("its own code, in any case, is its own").isEqualTo(200);
    }

    @Test
    void everyRoleAgainstEveryNewDoor() {
        String own = "/api/sample-account?" + period();
        String requesters = "/api/sample-account/requesters?" + period();
        String csv = "/api/sample-account.csv?" + period();
        Map<String, Api> roles = new java.util.LinkedHashMap<>();
        roles.put("AUDITOR", api("aud.samples", "AUDITOR"));
        roles.put("ADMINISTRATOR", api("adm.samples", "ADMINISTRATOR"));
        roles.put("INTERFACE", analyser());
        for (var role : roles.entrySet()) {
            for (String door : List.of(own, requesters, csv, "/api/sample-account?requester=" + OURS + "&" + period())) {
                var r = role.getValue().get(door);
                assertThat(r.status()).as(role.getKey() + " " + door).isEqualTo(403);
                assertThat(r.body()).as(role.getKey() + " " + door).doesNotContain("999");
            }
        }
        for (Api lab : List.of(scientist(), authoriser(), manager())) {
            assertThat(lab.get(own).status()).as("lab staff choose a requester").isEqualTo(422);
            assertThat(lab.get(requesters).status()).isEqualTo(200);
            assertThat(lab.get(csv).status()).as("lists leave the lab as registered exports, not this download").isEqualTo(403);
        }
        Api elsewhere = api("bms.elsewhere", "SCIENTIST", "RXX01");
        assertThat(elsewhere.get(requesters).status()).as("another lab's scientist").isEqualTo(403);
        assertThat(elsewhere.get("/api/sample-account?requester=" + OURS + "&" + period()).status()).isEqualTo(403);
        assertThat(gpReader().get(requesters).status()).as("a practice does not list the lab's requesters").isEqualTo(403);
        assertThat(Api.anonymous(port).get(own).status()).isEqualTo(401);
        assertThat(gpReader().get("/api/sample-account?from=2026-06-08&to=2026-06-01").status()).isEqualTo(422);
        assertThat(gpReader().get("/api/sample-account?from=2020-01-01&to=2026-06-01").json().get("detail").asString())
                .contains("at most 92 days");
        assertThat(gpReader().get("/api/sample-account?from=yesterday&to=today").status()).isEqualTo(400);
    }

    @Test
    void aPracticesOwnListDownloadsFingerprintedAndRegisteredWithOnlyItsPatientsAndNothingIsAtRestInClear() throws Exception {
        String family = Api.randomName(12);
        String theirFamily = Api.randomName(12);
        String nhs = Api.newNhsNumber();
        var mine = gp().post("/api/patients", Map.of("nhsNumber", nhs, "hospitalNumber", Api.unique("H"),
                "familyName", family, "givenName", "Csv", "dateOfBirth", "1951-02-03", "sex", "MALE", "postcode", "SE5 9RS"));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        String barcode = order(gp(), OURS, mine.json().get("id").asString(), "UE", "SER", 6);
        order(otherGp(), THEIRS, patient(otherGp(), theirFamily), "CRP", "SER", 0);

        var download = gpReader().get("/api/sample-account.csv?" + period());
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("text/csv");
        String csv = download.body();
        assertThat(csv.lines().filter(l -> l.contains(barcode)).findFirst().orElseThrow())
                .contains(nhs).contains(family).contains("1951-02-03").contains("Needs re-bleed").contains("Potassium");
        assertThat(csv).doesNotContain(theirFamily);
        String fingerprint = Fingerprint.in(csv).orElseThrow().fingerprint();
        String rowsOnly = String.join("\n", csv.lines().skip(2).toList());
        assertThat(Fingerprint.in(rowsOnly).orElseThrow().fingerprint()).as("every row carries the mark").isEqualTo(fingerprint);
        assertThat(db.sql("select count(*) from event_log where event_type like '%SampleListDownloaded' and actor like 'dr.samplereader/%'")
                .query(Long.class).single()).isPositive();
        assertThat(db.sql("select count(*) from patient_read where principal = 'dr.samplereader' and what = ?")
                .param("sample-account-csv:" + OURS).query(Long.class).single()).isPositive();
        // The practice's own list, not its browsing budget: a week's list runs to hundreds of patients. Each read is kept
        // under its own reason, and the download is a notice for the privacy officer.
        assertThat(db.sql("select distinct reason from patient_read where principal = 'dr.samplereader' and what like 'sample-account%'")
                .query(String.class).list()).containsExactly("OWN_SAMPLE_LIST");
        assertThat(db.sql("select count(*) from access_alert where principal = 'dr.samplereader' and kind = 'SAMPLE_LIST_DOWNLOADED'")
                .query(Long.class).single()).isPositive();

        db.sql("checkpoint").update();
        Set<String> secrets = new HashSet<>(Set.of(family, theirFamily, nhs, "1951-02-03", "19510203"));
        String dump = DemoAtRestTest.dump(database);
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(DemoAtRestTest.decodeHex(dump)), secrets))
                .as("patient values in clear in pg_dump").isEmpty();
        for (Path file : DemoAtRestTest.regularFiles(DATA_DIR.resolve("postgres"))) {
            Set<String> tokens = DemoAtRestTest.tokens(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            assertThat(DemoAtRestTest.found(tokens, secrets)).as("patient values in clear in " + file).isEmpty();
        }
    }

    @Test
    void withoutDaysTheAccountCoversTheIncidentInForceFromTheDayItWasDeclared() {
        Actor first = new Actor("mgr.incident.one", Actor.Role.LAB_MANAGER, LAB, null);
        Actor second = new Actor("mgr.incident.two", Actor.Role.LAB_MANAGER, LAB, null);
        boolean ours = incidents.inForce().isEmpty();
        Incident incident = ours ? incidents.declare(first, "Ransomware on the LIS: analysers offline, GP work referred")
                : incidents.inForce().orElseThrow();
        try {
            String declared = LocalDate.ofInstant(incident.declaredAt(), LabTime.ZONE).toString();
            JsonNode account = gpReader().get("/api/sample-account").json();
            assertThat(account.get("from").asString()).isEqualTo(declared);
            assertThat(account.get("to").asString()).isEqualTo(today());
            assertThat(account.get("basis").asString()).isEqualTo("the incident in force, declared " + declared)
                    .as("the incident cell's own words stay in the lab").doesNotContain("Ransomware");
            assertThat(gpReader().get("/api/sample-account?from=" + today() + "&to=" + today()).json().get("basis").asString())
                    .isEqualTo("the days asked for");
        } finally {
            if (ours) {
                incidents.proposeClose(first, incident.id(), "Analysers back, every referred tube accounted for");
                incidents.confirmClose(second, incident.id());
            }
        }
    }
}
