package org.pathguard.qc;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import tools.jackson.databind.JsonNode;

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
 * Internal quality control over the real API and database (issue 20): a rejected QC run holds that analyte's results
 * on that analyser, lists the results it released since its last accepted run, and only a person puts it back in
 * control; no result held for QC is released while it is out of control.
 */
class QualityControlApiTest extends LabServerTest {

    private static final List<String> UE = List.of("NA", "K", "UREA", "CREA");
    /** Values inside every reference range (released by autoverification when QC allows). */
    private static final Map<String, String> NORMAL = Map.of("NA", "140", "K", "4.2", "UREA", "5.0", "CREA", "70");

    private Api manager() {
        return api("qc.manager", "LAB_MANAGER");
    }

    private Api scientist() {
        return api("qc.bms", "SCIENTIST");
    }

    private Api authoriser() {
        return api("qc.cs", "AUTHORISER");
    }

    private Api analyserCredential() {
        return api("qc.analyser", "INTERFACE");
    }

    private Api requester() {
        return api("dr.qc", "REQUESTER");
    }

    /** Codes of a fresh analyser measuring U&E and of its two control levels, targets for K and NA (SD 0.1 and 2). */
    record Bench(String analyser, String low, String high) {
    }

    private Bench bench() {
        String analyser = Api.unique("AN");
        register(analyser);
        String low = Api.unique("L1");
        String high = Api.unique("L2");
        assertThat(material(low, "1", LocalDate.now().plusMonths(3), null, analyser).status()).isEqualTo(200);
        assertThat(material(high, "2", LocalDate.now().plusMonths(3), null, analyser).status()).isEqualTo(200);
        return new Bench(analyser, low, high);
    }

    private void register(String analyser) {
        var put = manager().put("/api/qc/analysers/" + analyser, Map.of("name", "Cobas c 503 " + analyser,
                "department", "Clinical biochemistry", "analytes", UE));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private Api.Response material(String code, String level, LocalDate expires, String sampleId, String... analysers) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (String analyser : analysers) {
            targets.add(Map.of("analyser", analyser, "analyte", "K", "mean", level.equals("1") ? "4.0" : "6.0", "sd", "0.1"));
            targets.add(Map.of("analyser", analyser, "analyte", "NA", "mean", level.equals("1") ? "130" : "150", "sd", "2"));
        }
        Map<String, Object> body = new HashMap<>(Map.of("lot", "LOT-" + code, "level", level, "expiresOn", expires.toString(),
                "targets", targets));
        if (sampleId != null) {
            body.put("qcSampleId", sampleId);
        }
        return manager().put("/api/qc/materials/" + code, body);
    }

    /** A QC run of K (and NA at target) on the analyser: the K values at low and high level, in SDs from each target. */
    private JsonNode qc(Bench bench, double lowSd, double highSd) {
        return qc(bench.analyser(), bench, lowSd, highSd);
    }

    private JsonNode qc(String analyser, Bench bench, double lowSd, double highSd) {
        var sent = analyserCredential().post("/api/qc/runs", Map.of("analyser", analyser,
                "measuredAt", Instant.now().toString(),
                "values", List.of(
                        Map.of("material", bench.low(), "analyte", "K", "value", String.valueOf(4.0 + lowSd * 0.1)),
                        Map.of("material", bench.high(), "analyte", "K", "value", String.valueOf(6.0 + highSd * 0.1)),
                        Map.of("material", bench.low(), "analyte", "NA", "value", "130"),
                        Map.of("material", bench.high(), "analyte", "NA", "value", "150"))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        JsonNode runs = sent.json();
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1).get("analyte").asString()).isEqualTo("NA");
        assertThat(runs.get(1).get("outcome").asString()).as("NA is at its targets").isEqualTo("PASSED");
        return runs.get(0);
    }

    private String patient() {
        var r = requester().post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Controlperson", "givenName", "Quinn", "dateOfBirth", "1970-05-06", "sex", "FEMALE", "postcode", "SE5 9RS"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A U&E from the analyser (null: none named) for a new patient; the result JSON by analyte, as the lab reads it. */
    private Map<String, JsonNode> ue(String analyser, Map<String, String> values) {
        String barcode = Api.unique("BQC");
        var placed = requester().post("/api/orders", Map.of("patientId", patient(), "requesterOds", PRACTICE, "clinician", "Dr Control",
                "priority", "ROUTINE", "placerOrderNumber", Api.unique("PQC"), "tests", List.of("UE"),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(scientist().post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
        List<Map<String, String>> items = new ArrayList<>();
        values.forEach((analyte, value) -> items.add(Map.of("analyte", analyte, "value", value)));
        Map<String, Object> submission = new HashMap<>(Map.of("barcode", barcode, "results", items));
        if (analyser != null) {
            submission.put("analyser", analyser);
        }
        var sent = analyserCredential().post("/api/results", submission);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        Map<String, JsonNode> byAnalyte = new HashMap<>();
        sent.json().forEach(r -> byAnalyte.put(r.get("analyteCode").asString(), result(r.get("id").asString())));
        return byAnalyte;
    }

    private JsonNode result(String id) {
        var read = authoriser().get("/api/results/" + id);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json();
    }

    private static List<String> holds(JsonNode result) {
        List<String> reasons = new ArrayList<>();
        result.get("holdReasons").forEach(h -> reasons.add(h.asString()));
        return reasons;
    }

    private JsonNode status(String analyser, String analyte) {
        for (JsonNode s : scientist().get("/api/qc/status").json()) {
            if (s.get("analyser").asString().equals(analyser) && s.get("analyte").asString().equals(analyte)) {
                return s;
            }
        }
        throw new AssertionError("no status for " + analyte + " on " + analyser);
    }

    @Test
    void aRejectedRunHoldsNewResultsOnThatAnalyserAndAnalyte() {
        Bench bench = bench();
        String other = Api.unique("AN");
        register(other);
        material(bench.low(), "1", LocalDate.now().plusMonths(3), null, bench.analyser(), other);
        material(bench.high(), "2", LocalDate.now().plusMonths(3), null, bench.analyser(), other);
        JsonNode first = qc(bench, 0.5, -0.5);
        assertThat(first.get("outcome").asString()).isEqualTo("PASSED");
        assertThat(first.get("acceptance").get("reason").asString()).isEqualTo(QualityControl.ACCEPTED_IN_CONTROL);
        qc(other, bench, 0.2, 0.1);
        JsonNode beforeLastAccepted = ue(bench.analyser(), Map.of("NA", "140", "K", "5.6", "UREA", "5.0", "CREA", "70")).get("K");
        qc(bench, -0.3, 0.4);
        JsonNode awaiting = ue(bench.analyser(), Map.of("NA", "140", "K", "5.7", "UREA", "5.0", "CREA", "70")).get("K");
        assertThat(holds(awaiting)).containsExactly("OUTSIDE_REFERENCE_RANGE");

        JsonNode failed = qc(bench, 3.5, 0.2);
        assertThat(failed.get("outcome").asString()).isEqualTo("REJECTED");
        assertThat(failed.get("findings").get(0).get("rule").asString()).isEqualTo("1-3s");
        assertThat(failed.get("findings").get(0).get("explanation").asString()).contains("beyond 3 SD");
        assertThat(failed.get("acceptance").isNull()).isTrue();
        assertThat(status(bench.analyser(), "K").get("inControl").asBoolean()).isFalse();
        assertThat(status(bench.analyser(), "K").get("failure").get("rules").get(0).asString()).isEqualTo("1-3s");
        assertThat(status(bench.analyser(), "NA").get("inControl").asBoolean()).as("another analyte on the analyser").isTrue();
        assertThat(status(other, "K").get("inControl").asBoolean()).as("the same analyte on another analyser").isTrue();

        // New results: K from the failed analyser held for QC however normal; its NA, and K from the other analyser, released.
        Map<String, JsonNode> after = ue(bench.analyser(), NORMAL);
        assertThat(after.get("K").get("status").asString()).isEqualTo("PRELIMINARY");
        assertThat(holds(after.get("K"))).containsExactly("QC");
        assertThat(after.get("K").get("analyser").asString()).isEqualTo(bench.analyser());
        assertThat(after.get("NA").get("status").asString()).isEqualTo("FINAL");
        assertThat(ue(other, NORMAL).get("K").get("status").asString()).isEqualTo("FINAL");
        assertThat(ue(null, NORMAL).get("K").get("analyser").isNull()).as("a result naming no analyser").isTrue();

        // Awaiting validation when it failed and measured since the last accepted run: held for QC too; earlier ones not.
        assertThat(holds(result(awaiting.get("id").asString()))).containsExactly("OUTSIDE_REFERENCE_RANGE", "QC");
        assertThat(holds(result(beforeLastAccepted.get("id").asString()))).containsExactly("OUTSIDE_REFERENCE_RANGE");
        JsonNode queue = authoriser().get("/api/validation-queue?holdReason=QC&limit=1000").json();
        Set<String> heldForQc = new HashSet<>();
        queue.get("results").forEach(r -> heldForQc.add(r.get("result").get("id").asString()));
        assertThat(heldForQc).contains(after.get("K").get("id").asString(), awaiting.get("id").asString())
                .doesNotContain(beforeLastAccepted.get("id").asString());
    }

    @Test
    void lookBackListsExactlyTheResultsReleasedSinceTheLastAcceptedRun() {
        Bench bench = bench();
        String other = Api.unique("AN");
        register(other);
        qc(bench, 0.1, 0.1);
        JsonNode beforeLastAccepted = ue(bench.analyser(), NORMAL).get("K");
        qc(bench, -0.1, 0.2);
        Map<String, JsonNode> first = ue(bench.analyser(), NORMAL);
        JsonNode second = ue(bench.analyser(), NORMAL).get("K");
        JsonNode held = ue(bench.analyser(), Map.of("NA", "140", "K", "5.6", "UREA", "5.0", "CREA", "70")).get("K");
        JsonNode otherAnalyser = ue(other, NORMAL).get("K");
        JsonNode noAnalyser = ue(null, NORMAL).get("K");
        assertThat(List.of(beforeLastAccepted, first.get("K"), second, otherAnalyser, noAnalyser))
                .allSatisfy(r -> assertThat(r.get("status").asString()).isEqualTo("FINAL"));

        JsonNode failed = qc(bench, 2.5, 2.6);
        assertThat(failed.get("outcome").asString()).isEqualTo("REJECTED");
        assertThat(failed.get("findings").toString()).contains("2-2s");
        String failure = status(bench.analyser(), "K").get("failure").get("id").asString();

        var listed = scientist().get("/api/qc/failures/" + failure + "/look-back");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode lookBack = listed.json();
        Set<String> ids = new HashSet<>();
        lookBack.get("results").forEach(e -> ids.add(e.get("result").get("resultId").asString()));
        assertThat(ids).as("released K results from this analyser since its last accepted run, and nothing else")
                .containsExactlyInAnyOrder(first.get("K").get("id").asString(), second.get("id").asString());
        assertThat(held.get("status").asString()).isEqualTo("PRELIMINARY");
        JsonNode entry = lookBack.get("results").get(0).get("result");
        assertThat(entry.get("testCode").asString()).isEqualTo("UE");
        assertThat(entry.get("analyteCode").asString()).isEqualTo("K");
        assertThat(entry.get("status").asString()).isEqualTo("FINAL");
        assertThat(entry.get("requesterOds").asString()).isEqualTo(PRACTICE);
        assertThat(entry.get("clinician").asString()).isEqualTo("Dr Control");
        assertThat(entry.get("accession").asString()).isNotBlank();
        assertThat(entry.get("reportVersion").asInt()).as("the report that carried it").isEqualTo(1);
        assertThat(entry.get("releasedBy").asString()).isEqualTo("autoverification");
        assertThat(lookBack.get("reviewed").asInt()).isZero();
        assertThat(lookBack.get("notReviewed").asInt()).isEqualTo(2);
        assertThat(db.sql("select count(*) from patient_read where principal = 'qc.bms' and what = 'qc-look-back'").query(Integer.class).single())
                .as("reading the look-back is accounted for like any patient data").isGreaterThanOrEqualTo(2);

        String firstId = first.get("K").get("id").asString();
        var noNote = scientist().post("/api/qc/failures/" + failure + "/look-back/" + firstId, Map.of("outcome", "RECALLED", "note", " "));
        assertThat(noNote.status()).isEqualTo(422);
        var notInIt = scientist().post("/api/qc/failures/" + failure + "/look-back/" + otherAnalyser.get("id").asString(),
                Map.of("outcome", "CONFIRMED", "note", "Checked against the repeat"));
        assertThat(notInIt.status()).isEqualTo(404);
        var recalled = scientist().post("/api/qc/failures/" + failure + "/look-back/" + firstId,
                Map.of("outcome", "RECALLED", "note", "Repeated on the other analyser: 4.9; requester phoned"));
        assertThat(recalled.status()).as(recalled.body()).isEqualTo(200);
        assertThat(recalled.json().get("outcome").asString()).isEqualTo("RECALLED");
        assertThat(recalled.json().get("reviewedBy").asString()).isEqualTo("qc.bms/SCIENTIST");
        assertThat(recalled.json().get("reviewedAt").isNull()).isFalse();
        assertThat(scientist().post("/api/qc/failures/" + failure + "/look-back/" + firstId,
                Map.of("outcome", "CONFIRMED", "note", "Reviewed it again today")).status()).as("reviewed once").isEqualTo(409);
        JsonNode afterReview = scientist().get("/api/qc/failures/" + failure + "/look-back").json();
        assertThat(afterReview.get("reviewed").asInt()).isEqualTo(1);
        assertThat(afterReview.get("notReviewed").asInt()).isEqualTo(1);
        afterReview.get("results").forEach(e -> assertThat(e.get("outcome").isNull())
                .isEqualTo(!e.get("result").get("resultId").asString().equals(firstId)));
        assertThat(db.sql("select count(*) from qc_look_back where position('phoned'::bytea in note) > 0")
                .query(Integer.class).single()).as("the note is sealed").isZero();
    }

    @Test
    void acceptingANewRunAfterAFailureRecordsWhoAndWhyAndLiftsTheHold() {
        Bench bench = bench();
        qc(bench, 0.3, 0.3);
        JsonNode failed = qc(bench, -3.4, 0.0);
        assertThat(failed.get("outcome").asString()).isEqualTo("REJECTED");
        JsonNode held = ue(bench.analyser(), NORMAL).get("K");
        assertThat(holds(held)).containsExactly("QC");

        var rejectedRun = scientist().post("/api/qc/runs/" + failed.get("id").asString() + "/acceptance", Map.of("reason", "Looks fine"));
        assertThat(rejectedRun.status()).isEqualTo(409);
        assertThat(rejectedRun.json().get("detail").asString()).contains("cannot be accepted");

        JsonNode passing = qc(bench, 0.2, -0.1);
        assertThat(passing.get("outcome").asString()).isEqualTo("PASSED");
        assertThat(passing.get("acceptance").isNull()).as("a passing run after a failure waits for a person").isTrue();
        assertThat(status(bench.analyser(), "K").get("inControl").asBoolean()).isFalse();
        assertThat(ue(bench.analyser(), NORMAL).get("K").get("status").asString()).isEqualTo("PRELIMINARY");

        String acceptance = "/api/qc/runs/" + passing.get("id").asString() + "/acceptance";
        assertThat(scientist().post(acceptance, Map.of("reason", "  ")).status()).as("a reason in words").isEqualTo(422);
        assertThat(scientist().post(acceptance, Map.of("reason", "..........")).status()).as("ten dots say nothing").isEqualTo(422);
        assertThat(requester().post(acceptance, Map.of("reason", "I say so")).status()).isEqualTo(403);
        var accepted = scientist().post(acceptance, Map.of("reason", "New reagent pack loaded and recalibrated; both levels in range"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("acceptance").get("by").asString()).isEqualTo("qc.bms/SCIENTIST");
        assertThat(accepted.json().get("acceptance").get("reason").asString()).startsWith("New reagent pack");
        assertThat(status(bench.analyser(), "K").get("lastAcceptedRun").asString()).isEqualTo(passing.get("id").asString());
        JsonNode resolved = null;
        for (JsonNode f : scientist().get("/api/qc/failures").json()) {
            if (f.get("runId").asString().equals(failed.get("id").asString())) {
                resolved = f;
            }
        }
        assertThat(resolved).isNotNull();
        assertThat(resolved.get("acceptedRun").asString()).isEqualTo(passing.get("id").asString());
        assertThat(resolved.get("acceptedBy").asString()).isEqualTo("qc.bms/SCIENTIST");
        assertThat(resolved.get("acceptanceReason").asString()).contains("recalibrated");
        assertThat(db.sql("select actor from event_log where event_type = 'QcRunAccepted' order by seq desc limit 1").query(String.class).single())
                .isEqualTo("qc.bms/SCIENTIST");
        assertThat(status(bench.analyser(), "K").get("inControl").asBoolean()).isTrue();
        assertThat(scientist().post(acceptance, Map.of("reason", "Accepting the same run again")).status()).as("in control: nothing to accept").isEqualTo(409);

        // Back in control: new results are released; those held for QC stay held until a person confirms each.
        assertThat(ue(bench.analyser(), NORMAL).get("K").get("status").asString()).isEqualTo("FINAL");
        assertThat(result(held.get("id").asString()).get("status").asString()).isEqualTo("PRELIMINARY");
        var authorised = authoriser().post("/api/results/" + held.get("id").asString() + "/authorisation",
                Map.of("comment", "Repeated after QC accepted: agrees"));
        assertThat(authorised.status()).as(authorised.body()).isEqualTo(200);
        assertThat(authorised.json().get("status").asString()).isEqualTo("FINAL");
    }

    @Test
    void aQcHeldResultCannotBeAuthorisedWhileOutOfControl() {
        Bench bench = bench();
        qc(bench, 0.0, 0.0);
        qc(bench, 0.0, 3.2);
        JsonNode held = ue(bench.analyser(), NORMAL).get("K");
        assertThat(holds(held)).containsExactly("QC");

        for (Api who : List.of(authoriser(), scientist())) {
            var refused = who.post("/api/results/" + held.get("id").asString() + "/authorisation", Map.of("comment", "Looks normal"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).contains("out of control", "1-3s", "K", bench.analyser(),
                    "accept a new passing QC run", "another analyser");
            assertThat(refused.json().get("qcFailureId").asString()).isEqualTo(status(bench.analyser(), "K").get("failure").get("id").asString());
        }
        assertThat(result(held.get("id").asString()).get("status").asString()).isEqualTo("PRELIMINARY");
        // A rejection for a repeat stays open: the sample is run again elsewhere.
        assertThat(scientist().post("/api/results/" + held.get("id").asString() + "/rejection",
                Map.of("comment", "QC failed; repeat on the other analyser")).status()).isEqualTo(200);
    }

    @Test
    void badAnalysersMaterialsAndRunsAreRefusedWithNothingWritten() {
        Bench bench = bench();
        long events = db.sql("select count(*) from event_log where event_type in ('AnalyserRegistered', 'QcMaterialRegistered', 'QcRunRecorded')")
                .query(Long.class).single();
        assertThat(scientist().put("/api/qc/analysers/" + Api.unique("AN"), Map.of("name", "X", "department", "Clinical biochemistry",
                "analytes", List.of("K"))).status()).as("a lab manager registers analysers").isEqualTo(403);
        assertRefused(manager().put("/api/qc/analysers/" + Api.unique("AN"), Map.of("name", "X", "department", "Clinical biochemistry",
                "analytes", List.of("UNOBTAINIUM"))), "unknown-analyte-code");
        assertRefused(manager().put("/api/qc/analysers/" + Api.unique("AN"), Map.of("name", "X", "department", "Astrology",
                "analytes", List.of("K"))), "unknown-department");
        assertRefused(manager().put("/api/qc/materials/" + Api.unique("M"), Map.of("lot", "1", "level", "1", "expiresOn", "2099-01-01",
                "targets", List.of(Map.of("analyser", bench.analyser(), "analyte", "K", "mean", "4", "sd", "0")))), "qc-sd-not-positive");
        assertRefused(manager().put("/api/qc/materials/" + Api.unique("M"), Map.of("lot", "1", "level", "1", "expiresOn", "2099-01-01",
                "targets", List.of(Map.of("analyser", bench.analyser(), "analyte", "CRP", "mean", "4", "sd", "1")))), "analyser-does-not-measure");
        assertRefused(manager().put("/api/qc/materials/" + Api.unique("M"), Map.of("lot", "1", "level", "1", "expiresOn", "2099-01-01",
                "targets", List.of(Map.of("analyser", "NO-SUCH-ANALYSER", "analyte", "K", "mean", "4", "sd", "1")))), "unknown-analyser");
        String expired = Api.unique("EXP");
        assertThat(material(expired, "1", LocalDate.now().minusDays(1), null, bench.analyser()).status()).isEqualTo(200);
        events += 1;

        String at = Instant.now().minusSeconds(60).toString();
        assertRefused(analyserCredential().post("/api/qc/runs", Map.of("analyser", bench.analyser(), "measuredAt", at,
                "values", List.of(Map.of("material", expired, "analyte", "K", "value", "4.0")))), "expired-material");
        assertRefused(analyserCredential().post("/api/qc/runs", Map.of("analyser", "NO-SUCH-ANALYSER", "measuredAt", at,
                "values", List.of(Map.of("material", bench.low(), "analyte", "K", "value", "4.0")))), "unknown-analyser");
        assertRefused(analyserCredential().post("/api/qc/runs", Map.of("analyser", bench.analyser(), "measuredAt", at,
                "values", List.of(Map.of("material", "NO-SUCH-MATERIAL", "analyte", "K", "value", "4.0")))), "unknown-qc-material");
        assertRefused(analyserCredential().post("/api/qc/runs", Map.of("analyser", bench.analyser(), "measuredAt", at,
                "values", List.of(Map.of("material", bench.low(), "analyte", "K", "value", "4.0"),
                        Map.of("material", bench.high(), "analyte", "K", "value", "lots")))), "not-a-number");
        assertRefused(analyserCredential().post("/api/qc/runs", Map.of("analyser", bench.analyser(), "measuredAt", at,
                "values", List.of(Map.of("material", bench.low(), "analyte", "UREA", "value", "5")))), "no-qc-target");
        assertThat(db.sql("select count(*) from event_log where event_type in ('AnalyserRegistered', 'QcMaterialRegistered', 'QcRunRecorded')")
                .query(Long.class).single()).isEqualTo(events);

        // A patient result naming an analyser the lab does not know, or one that does not measure it: refused, nothing recorded.
        String barcode = Api.unique("BQX");
        var placed = requester().post("/api/orders", Map.of("patientId", patient(), "requesterOds", PRACTICE, "clinician", "Dr Control",
                "priority", "ROUTINE", "tests", List.of("UE", "CRP"),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(scientist().post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
        assertRefused(analyserCredential().post("/api/results", Map.of("barcode", barcode, "analyser", "NO-SUCH-ANALYSER",
                "results", List.of(Map.of("analyte", "K", "value", "4.1")))), "unknown-analyser");
        assertRefused(analyserCredential().post("/api/results", Map.of("barcode", barcode, "analyser", bench.analyser(),
                "results", List.of(Map.of("analyte", "K", "value", "4.1"), Map.of("analyte", "CRP", "value", "3")))), "analyser-does-not-measure");
        assertThat(db.sql("select count(*) from result r join specimen s on s.id = r.specimen_id where s.barcode = ?").param(barcode)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void everyQcTableIsRebuiltFromTheLogAsItWas(@org.springframework.beans.factory.annotation.Autowired
                                                org.pathguard.eventlog.EventLog log) {
        Bench bench = bench();
        qc(bench, 0.1, 0.1);
        ue(bench.analyser(), NORMAL);
        JsonNode held = ue(bench.analyser(), Map.of("NA", "140", "K", "5.6", "UREA", "5.0", "CREA", "70")).get("K");
        qc(bench, 3.1, 0.0);
        JsonNode passing = qc(bench, 0.0, 0.1);
        assertThat(scientist().post("/api/qc/runs/" + passing.get("id").asString() + "/acceptance", Map.of("reason", "Recalibrated, both levels repeated"))
                .status()).isEqualTo(200);
        String failure = scientist().get("/api/qc/failures").json().get(0).get("id").asString();
        JsonNode lookBack = scientist().get("/api/qc/failures/" + failure + "/look-back").json();
        assertThat(scientist().post("/api/qc/failures/" + failure + "/look-back/"
                + lookBack.get("results").get(0).get("result").get("resultId").asString(), Map.of("outcome", "CONFIRMED", "note", "Agrees with the repeat")).status())
                .isEqualTo(200);
        List<String> tables = List.of("analyser", "qc_material", "qc_target", "qc_run", "qc_point", "qc_failure", "qc_state", "qc_look_back");
        Map<String, List<String>> before = new HashMap<>();
        tables.forEach(t -> before.put(t, rows(t)));
        String heldBefore = result(held.get("id").asString()).get("holdReasons").toString();
        assertThat(heldBefore).contains("QC");

        log.rebuild();

        tables.forEach(t -> assertThat(rows(t)).as(t).isEqualTo(before.get(t)));
        assertThat(result(held.get("id").asString()).get("holdReasons").toString()).isEqualTo(heldBefore);
        assertThat(scientist().get("/api/qc/failures/" + failure + "/look-back").json().get("results").get(0).get("note").asString())
                .isEqualTo("Agrees with the repeat");
    }

    private List<String> rows(String table) {
        // The sealed note is sealed again (a new nonce) on replay; what it says is compared through the service.
        return db.sql("select (to_jsonb(t) - 'note')::text from " + table + " t order by 1").query(String.class).list();
    }

    private static void assertRefused(Api.Response response, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo(code);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }
}
