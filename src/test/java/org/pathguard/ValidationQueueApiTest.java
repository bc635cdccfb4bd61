package org.pathguard;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation queue's real doors (issue 14): who may authorise which held result is the server's rule for
 * every caller, the queue reaches every held result a page at a time with filters done in the query, and the
 * whole specimen opens beside a result.
 */
class ValidationQueueApiTest extends LabServerTest {

    private Api requester() {
        return api("dr.queue", "REQUESTER");
    }

    private Api scientist() {
        return api("bms.queue", "SCIENTIST");
    }

    private Api authoriser() {
        return api("cs.queue", "AUTHORISER");
    }

    private Api analyser() {
        return api("analyser.queue", "INTERFACE");
    }

    private String patient() {
        var r = requester().post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Queueperson", "givenName", "Sam", "dateOfBirth", "1970-05-06", "sex", "FEMALE", "postcode", "SE5 9RS"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** Orders one test on one received specimen and sends the analyser's results; returns the result ids by analyte. */
    private Map<String, String> results(String patient, String test, String priority, Map<String, String> values) {
        String barcode = Api.unique("BQ");
        var placed = requester().post("/api/orders", Map.of("patientId", patient, "requesterOds", PRACTICE, "clinician", "Dr Queue",
                "priority", priority, "placerOrderNumber", Api.unique("PQ"), "tests", List.of(test),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(scientist().post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
        List<Map<String, String>> items = new ArrayList<>();
        values.forEach((analyte, value) -> items.add(Map.of("analyte", analyte, "value", value)));
        var sent = analyser().post("/api/results", Map.of("barcode", barcode, "results", items));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        Map<String, String> ids = new java.util.HashMap<>();
        sent.json().forEach(r -> ids.put(r.get("analyteCode").asString(), r.get("id").asString()));
        return ids;
    }

    @Test
    void aBiomedicalScientistAuthorisesRoutineOutOfRangeWorkButNotUrgentCriticalOrDeltaFailedResults() {
        String patient = patient();
        String routine = results(patient, "CRP", "ROUTINE", Map.of("CRP", "48")).get("CRP");
        String urgent = results(patient, "CRP", "URGENT", Map.of("CRP", "52")).get("CRP");
        String critical = results(patient, "UE", "ROUTINE", Map.of("K", "7.1")).get("K");

        JsonNode mine = scientist().get("/api/validation-queue?test=CRP&limit=1000").json();
        Map<String, Boolean> authorisable = new java.util.HashMap<>();
        mine.get("results").forEach(r -> authorisable.put(r.get("result").get("id").asString(), r.get("authorisable").asBoolean()));
        assertThat(authorisable).containsEntry(routine, true).containsEntry(urgent, false);

        var refusedUrgent = scientist().post("/api/results/" + urgent + "/authorisation", Map.of("comment", "ok"));
        assertThat(refusedUrgent.status()).isEqualTo(403);
        assertThat(refusedUrgent.json().get("detail").asString()).contains("As a biomedical scientist you may authorise routine results")
                .contains("this one is urgent").contains("clinical scientist or pathologist must authorise it");
        var refusedCritical = scientist().post("/api/results/" + critical + "/authorisation", Map.of("comment", "ok"));
        assertThat(refusedCritical.status()).isEqualTo(403);
        assertThat(refusedCritical.json().get("detail").asString()).contains("held for critical");

        var authorised = scientist().post("/api/results/" + routine + "/authorisation", Map.of("comment", "Known infection"));
        assertThat(authorised.status()).as(authorised.body()).isEqualTo(200);
        assertThat(authorised.json().get("status").asString()).isEqualTo("FINAL");
        assertThat(authorised.json().get("authorisedBy").asString()).isEqualTo("bms.queue/SCIENTIST");
        // The scientist may still reject anything for a repeat; the authoriser authorises the rest.
        assertThat(scientist().post("/api/results/" + urgent + "/rejection", Map.of("comment", "Lipaemic, repeat")).status()).isEqualTo(200);
        assertThat(authoriser().post("/api/results/" + critical + "/authorisation", Map.of("comment", "Phoned")).status()).isEqualTo(200);
    }

    @Test
    void everyHeldResultIsReachedAPageAtATimeAndTheFiltersAreTheQuerys() {
        String patient = patient();
        Set<String> ours = new HashSet<>(results(patient, "UE", "URGENT", Map.of("NA", "150", "K", "5.9", "UREA", "9.9", "CREA", "150")).values());

        JsonNode first = authoriser().get("/api/validation-queue?test=UE&priority=URGENT&limit=2").json();
        int total = first.get("total").asInt();
        assertThat(total).isGreaterThanOrEqualTo(4);
        assertThat(first.get("results")).hasSize(2);
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < total; offset += 2) {
            JsonNode page = authoriser().get("/api/validation-queue?test=UE&priority=URGENT&limit=2&offset=" + offset).json();
            page.get("results").forEach(r -> {
                assertThat(r.get("priority").asString()).isEqualTo("URGENT");
                assertThat(r.get("result").get("testCode").asString()).isEqualTo("UE");
                assertThat(seen.add(r.get("result").get("id").asString())).as("each result on one page only").isTrue();
            });
        }
        assertThat(seen).hasSize(total).containsAll(ours);
        assertThat(first.get("heldInAll").asInt()).isGreaterThanOrEqualTo(total);

        // The read gate passes the patients on the page asked for, not the whole queue.
        Set<String> onPage = new HashSet<>();
        authoriser().get("/api/validation-queue?limit=3&offset=1").json().get("results")
                .forEach(r -> onPage.add(r.get("result").get("patientId").asString()));
        long lastRead = db.sql("select max(event_sequence) from patient_read where principal = 'cs.queue' and what = 'validation-queue'")
                .query(Long.class).single();
        assertThat(db.sql("select patient_id::text from patient_read where event_sequence = ?").param(lastRead).query(String.class).set())
                .isEqualTo(onPage);

        JsonNode biochemistry = authoriser().get("/api/validation-queue?department=Clinical%20biochemistry&holdReason=OUTSIDE_REFERENCE_RANGE&limit=1000").json();
        assertThat(biochemistry.get("results")).allSatisfy(r ->
                assertThat(r.get("result").get("holdReasons").toString()).contains("OUTSIDE_REFERENCE_RANGE"));
        assertThat(authoriser().get("/api/validation-queue?critical=true&limit=1000").json().get("results"))
                .allSatisfy(r -> assertThat(r.get("result").get("critical").asBoolean()).isTrue());

        var unknown = authoriser().get("/api/validation-queue?department=Astrology");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("detail").asString()).contains("No department 'Astrology'").contains("Haematology");
    }

    @Test
    void theWholeSpecimenOpensBesideAHeldResultWithThePatientsPreviousSet() {
        String patient = patient();
        String earlierK = results(patient, "UE", "ROUTINE", Map.of("NA", "140", "K", "4.1", "UREA", "5.0", "CREA", "70")).get("K");
        if (!authoriser().get("/api/results/" + earlierK).json().get("status").asString().equals("FINAL")) {
            assertThat(authoriser().post("/api/results/" + earlierK + "/authorisation", Map.of("comment", "ok")).status()).isEqualTo(200);
        }
        String heldK = results(patient, "UE", "ROUTINE", Map.of("NA", "141", "K", "6.0", "UREA", "5.2", "CREA", "72")).get("K");

        JsonNode panel = scientist().get("/api/results/" + heldK + "/panel").json();
        assertThat(panel.get("held").get("id").asString()).isEqualTo(heldK);
        assertThat(panel.get("previousCollectedAt").isNull()).isFalse();
        Map<String, String> now = new java.util.HashMap<>();
        Map<String, String> before = new java.util.HashMap<>();
        panel.get("lines").forEach(l -> {
            now.put(l.get("now").get("analyteCode").asString(), l.get("now").get("measurement").get("value").asString());
            if (!l.get("previous").isNull()) {
                before.put(l.get("now").get("analyteCode").asString(), l.get("previous").get("measurement").get("value").asString());
            }
        });
        assertThat(now).containsOnlyKeys("NA", "K", "UREA", "CREA").containsEntry("K", "6.0");
        assertThat(before).containsEntry("K", "4.1").containsEntry("NA", "140");
        assertThat(requester().get("/api/results/" + heldK + "/panel").status()).as("the panel is for the bench").isEqualTo(403);
    }
}
