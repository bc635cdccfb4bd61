package org.pathguard;

import org.junit.jupiter.api.Test;
import org.pathguard.access.Actor;
import org.pathguard.lab.Conflict;
import org.pathguard.report.ResultsInbox;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's day through the JSON API, end to end on the real server and database. */
class LabWorkflowApiTest extends LabServerTest {

    @Autowired
    ResultsInbox inbox;

    Api requester() {
        return api("dr.who", "REQUESTER");
    }

    Api reception() {
        return api("mla.jones", "SCIENTIST");
    }

    Api analyser() {
        return api("analyser.cobas", "INTERFACE");
    }

    Api authoriser() {
        return api("cs.smith", "AUTHORISER");
    }

    String registerPatient(String sex, String dateOfBirth) {
        var r = requester().post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Testperson", "givenName", "Alex", "dateOfBirth", dateOfBirth, "sex", sex, "postcode", "SE5 9RS"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("testPatient").asBoolean()).isTrue();
        return r.json().get("id").asString();
    }

    /** Places an order with one specimen and receives it; returns the accession and the barcode. */
    String[] orderAndReceive(String patientId, String test, String specimenType, String priority) {
        String barcode = Api.unique("BC");
        var placed = requester().post("/api/orders", Map.of("patientId", patientId, "requesterOds", "G85001",
                "clinician", "Dr Who", "priority", priority, "clinicalDetails", "Tired all the time",
                "placerOrderNumber", Api.unique("PL"), "tests", List.of(test),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", specimenType))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String accession = placed.json().get("accession").asString();
        assertThat(accession).startsWith("PG");
        var received = reception().post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        assertThat(received.json().get("status").asString()).isEqualTo("RECEIVED");
        return new String[]{accession, barcode};
    }

    JsonNode sendResult(String barcode, String analyte, String value, String unit) {
        var r = analyser().post("/api/results", Map.of("barcode", barcode,
                "results", List.of(Map.of("analyte", analyte, "value", value, "unit", unit))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode receipt = r.json().get(0);
        assertThat(receipt.has("measurement")).as("an analyser gets a receipt, not the patient's result").isFalse();
        return reception().get("/api/results/" + receipt.get("id").asString()).json();
    }

    @Test
    void inRangeResultIsAutoverifiedAndTheReportReleased() {
        String patient = registerPatient("FEMALE", "1980-02-03");
        String[] order = orderAndReceive(patient, "CRP", "SER", "ROUTINE");

        JsonNode result = sendResult(order[1], "CRP", "3", "mg/L");
        assertThat(result.get("status").asString()).isEqualTo("FINAL");
        assertThat(result.get("authorisedBy").asString()).isEqualTo("autoverification");
        assertThat(result.get("holdReasons")).isEmpty();

        var reports = requester().get("/api/orders/" + order[0] + "/reports").json();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).get("content").get("lines").get(0).get("value").asString()).isEqualTo(result.get("measurement").get("value").asString());
        var details = requester().get("/api/orders/" + order[0]).json();
        assertThat(details.get("turnaround").get("reported").asBoolean()).isTrue();
        assertThat(details.get("turnaround").get("withinTarget").asBoolean()).isTrue();
        assertThat(details.get("clinicalDetails").asString()).isEqualTo("Tired all the time");
    }

    @Test
    void outOfRangeResultWaitsForAnAuthoriserThenReports() {
        String patient = registerPatient("MALE", "1955-07-20");
        String[] order = orderAndReceive(patient, "CRP", "SER", "URGENT");

        JsonNode held = sendResult(order[1], "CRP", "48", "mg/L");
        assertThat(held.get("status").asString()).isEqualTo("PRELIMINARY");
        assertThat(held.get("holdReasons").toString()).contains("OUTSIDE_REFERENCE_RANGE");
        assertThat(held.get("measurement").get("flag").asString()).isEqualTo("H");
        String id = held.get("id").asString();
        assertThat(authoriser().get("/api/validation-queue?limit=1000").body()).contains(id);
        assertThat(requester().get("/api/orders/" + order[0] + "/reports").json()).isEmpty();

        var refused = reception().post("/api/results/" + id + "/authorisation", Map.of("comment", "ok"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        var authorised = authoriser().post("/api/results/" + id + "/authorisation", Map.of("comment", "Known infection"));
        assertThat(authorised.status()).as(authorised.body()).isEqualTo(200);
        assertThat(authorised.json().get("status").asString()).isEqualTo("FINAL");
        assertThat(authorised.json().get("authorisedBy").asString()).isEqualTo("cs.smith/AUTHORISER");
        assertThat(authoriser().get("/api/validation-queue?limit=1000").body()).doesNotContain(id);
        assertThat(requester().get("/api/orders/" + order[0] + "/reports").json()).hasSize(1);
    }

    @Test
    void criticalResultRaisesAnAlertThatClosesOnlyWithAReadBackCall() {
        String patient = registerPatient("FEMALE", "1990-01-01");
        String[] order = orderAndReceive(patient, "UE", "SER", "CRITICAL");

        JsonNode k = sendResult(order[1], "K", "7.1", "mmol/L");
        assertThat(k.get("critical").asBoolean()).isTrue();
        assertThat(k.get("measurement").get("flag").asString()).isEqualTo("HH");
        assertThat(k.get("holdReasons").toString()).contains("CRITICAL");

        JsonNode alert = null;
        for (JsonNode a : reception().get("/api/critical-alerts").json()) {
            if (a.get("resultId").asString().equals(k.get("id").asString())) {
                alert = a;
            }
        }
        assertThat(alert).isNotNull();
        assertThat(alert.get("status").asString()).isEqualTo("OPEN");
        String path = "/api/critical-alerts/" + alert.get("id").asString() + "/call";

        var noReadBack = reception().post(path, Map.of("toldName", "Staff Nurse Patel", "toldRole", "ED", "readBack", false));
        assertThat(noReadBack.status()).isEqualTo(422);
        assertThat(noReadBack.json().get("code").asString()).isEqualTo("not-read-back");

        String toldAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        var call = reception().post(path, Map.of("toldName", "Staff Nurse Patel", "toldRole", "ED", "toldAt", toldAt, "readBack", true));
        assertThat(call.status()).as(call.body()).isEqualTo(200);
        assertThat(call.json().get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(call.json().get("toldWhom").asString()).isEqualTo("Staff Nurse Patel, ED");
        assertThat(call.json().get("toldName").asString()).isEqualTo("Staff Nurse Patel");
        assertThat(call.json().get("toldRole").asString()).isEqualTo("ED");
        assertThat(call.json().get("toldAt").asString()).isEqualTo(toldAt);
        assertThat(call.json().get("recordedBy").asString()).isEqualTo("mla.jones/SCIENTIST");
        assertThat(reception().get("/api/critical-alerts").body()).doesNotContain(alert.get("id").asString());
        assertThat(reception().post(path, Map.of("toldName", "Someone", "toldRole", "FY1", "readBack", true)).status()).isEqualTo(409);
    }

    @Test
    void amendmentKeepsEveryEarlierValueAndReissuesTheReport() {
        String patient = registerPatient("MALE", "1970-03-03");
        String[] order = orderAndReceive(patient, "CRP", "SER", "ROUTINE");
        String id = sendResult(order[1], "CRP", "2", "mg/L").get("id").asString();

        var amended = authoriser().post("/api/results/" + id + "/amendment",
                Map.of("value", "12", "unit", "mg/L", "reason", "Transcription error corrected"));
        assertThat(amended.status()).as(amended.body()).isEqualTo(200);
        assertThat(amended.json().get("status").asString()).isEqualTo("AMENDED");
        assertThat(amended.json().get("version").asInt()).isEqualTo(2);

        JsonNode history = authoriser().get("/api/results/" + id + "/history").json();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("measurement").get("value").asString()).isEqualTo("2");
        assertThat(history.get(1).get("measurement").get("value").asString()).isEqualTo("12");
        assertThat(history.get(1).get("measurement").get("comment").asString()).isEqualTo("Transcription error corrected");

        JsonNode reports = requester().get("/api/orders/" + order[0] + "/reports").json();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0).get("amended").asBoolean()).isFalse();
        assertThat(reports.get(0).get("content").get("lines").get(0).get("value").asString()).isEqualTo("2");
        assertThat(reports.get(1).get("amended").asBoolean()).isTrue();
        assertThat(reports.get(1).get("content").get("lines").get(0).get("value").asString()).isEqualTo("12");
        assertThat(reports.get(1).get("content").get("lines").get(0).get("flag").asString()).isEqualTo("H");

        JsonNode cumulative = requester().get("/api/patients/" + patient + "/cumulative").json();
        assertThat(cumulative.get(0).get("analyte").asString()).isEqualTo("CRP");
        assertThat(cumulative.get(0).get("points").get(0).get("value").asString()).isEqualTo("12");
    }

    /**
     * A lost amendment is a clinical hazard: the practice must see the corrected report as new work, and nobody may file
     * the superseded version as read once the amendment exists.
     */
    @Test
    void anAmendedReportComesBackToTheInboxAndTheOlderVersionCannotBeFiled() {
        String practice = "G" + (70000 + (int) (Math.random() * 9999));
        Api gp = api("dr.amendment", "REQUESTER", practice);
        var patient = gp.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Amended", "givenName", "Ola", "dateOfBirth", "1958-06-30", "sex", "FEMALE", "postcode", "SE5 9RS"));
        String barcode = Api.unique("BC");
        var placed = gp.post("/api/orders", Map.of("patientId", patient.json().get("id").asString(), "requesterOds", practice,
                "clinician", "Dr Amendment", "priority", "ROUTINE", "placerOrderNumber", Api.unique("PL"), "tests", List.of("CRP"),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(reception().post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
        String resultId = sendResult(barcode, "CRP", "2", "mg/L").get("id").asString();
        Actor doctor = new Actor("dr.amendment", Actor.Role.REQUESTER, practice, null);

        ResultsInbox.Entry first = inbox.unfiled(doctor, true).getFirst();
        assertThat(first.version()).isEqualTo(1);
        inbox.file(doctor, first.orderId(), 1);
        assertThat(inbox.unfiled(doctor, true)).as("filed, the report leaves the inbox").isEmpty();

        assertThat(authoriser().post("/api/results/" + resultId + "/amendment",
                Map.of("value", "48", "unit", "mg/L", "reason", "Diluted and measured again")).status()).isEqualTo(200);
        List<ResultsInbox.Entry> back = inbox.unfiled(doctor, true);
        assertThat(back).as("the amendment comes back, marked amended and new").singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo(2);
            assertThat(e.amended()).isTrue();
            assertThat(e.newSinceLastVisit()).isTrue();
            assertThat(e.abnormal()).singleElement().satisfies(line -> assertThat(line.value()).isEqualTo("48"));
        });
        assertThatThrownBy(() -> inbox.file(doctor, first.orderId(), 1)).isInstanceOf(Conflict.class)
                .hasMessageContaining("version 2 is the one to read and file");
        inbox.file(doctor, first.orderId(), 2);
        assertThat(inbox.unfiled(doctor, true)).isEmpty();
    }

    @Test
    void rejectedSpecimenTakesNoResultsAndWrongSpecimenTypeIsRefused() {
        String patient = registerPatient("FEMALE", "2001-12-12");
        String barcode = Api.unique("BC");
        var placed = api("dr.no", "REQUESTER", "RJ122").post("/api/orders", Map.of("patientId", patient, "requesterOds", "RJ122", "clinician", "Dr No",
                "priority", "URGENT", "tests", List.of("CRP"), "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(placed.status()).isEqualTo(201);
        var rejected = reception().post("/api/specimens/" + barcode + "/rejection", Map.of("reason", "HAEMOLYSED", "comment", "Grossly haemolysed"));
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.json().get("rejectionReason").asString()).isEqualTo("HAEMOLYSED");
        var refused = analyser().post("/api/results", Map.of("barcode", barcode, "results", List.of(Map.of("analyte", "CRP", "value", "3"))));
        assertThat(refused.status()).isEqualTo(409);

        var wrongType = api("dr.no", "REQUESTER", "RJ122").post("/api/orders/" + placed.json().get("accession").asString() + "/specimens",
                Map.of("barcode", Api.unique("BC"), "specimenType", "EDTA"));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().get("code").asString()).isEqualTo("wrong-specimen-type");
    }

    @Test
    void aRepeatOnANewTubeReplacesAResultRejectedForRepeat() {
        String patient = registerPatient("FEMALE", "1988-08-08");
        String[] order = orderAndReceive(patient, "CRP", "SER", "URGENT");
        String held = sendResult(order[1], "CRP", "48", "mg/L").get("id").asString();
        var rejected = reception().post("/api/results/" + held + "/rejection", Map.of("comment", "Clotted; repeat"));
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");

        String tube2 = Api.unique("BC");
        assertThat(requester().post("/api/orders/" + order[0] + "/specimens", Map.of("barcode", tube2, "specimenType", "SER")).status())
                .isEqualTo(201);
        reception().post("/api/specimens/" + tube2 + "/receipt", Map.of());
        sendResult(tube2, "CRP", "3", "mg/L");

        JsonNode reports = requester().get("/api/orders/" + order[0] + "/reports").json();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).get("content").get("lines").get(0).get("value").asString()).isEqualTo("3");
    }

    @Test
    void authoriseAndRejectRacingOnOneResultLeaveExactlyOneDecision() throws Exception {
        String patient = registerPatient("MALE", "1961-01-01");
        String[] order = orderAndReceive(patient, "CRP", "SER", "ROUTINE");
        String id = sendResult(order[1], "CRP", "60", "mg/L").get("id").asString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            var authorise = pool.submit(() -> {
                start.await();
                return authoriser().post("/api/results/" + id + "/authorisation", Map.of("comment", "ok")).status();
            });
            var reject = pool.submit(() -> {
                start.await();
                return reception().post("/api/results/" + id + "/rejection", Map.of("comment", "repeat")).status();
            });
            start.countDown();
            assertThat(List.of(authorise.get(), reject.get())).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdown();
        }
        long decisions = db.sql("select count(*) from event_log where stream_id = ?::text and event_type in ('ResultAuthorised', 'ResultRejected')")
                .param(requester().get("/api/orders/" + order[0]).json().get("id").asString()).query(Long.class).single();
        assertThat(decisions).isEqualTo(1);
    }

    @Test
    void secondRegistrationWithTheSameNhsNumberIsDetected() {
        String nhs = Api.newNhsNumber();
        Map<String, Object> body = Map.of("nhsNumber", nhs, "familyName", "Twice", "givenName", "Sam",
                "dateOfBirth", "1966-06-06", "sex", "MALE");
        var first = requester().post("/api/patients", body);
        var second = requester().post("/api/patients", body);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("existingPatientId").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(second.body()).doesNotContain(nhs);
        // Registering a patient is no care relationship: until an order exists, the search is refused (and logged).
        var beforeAnyOrder = requester().post("/api/patients/search", Map.of("nhsNumber", nhs));
        assertThat(beforeAnyOrder.status()).isEqualTo(403);
        assertThat(beforeAnyOrder.body()).contains("no-reason-to-read").doesNotContain("Twice");
        assertThat(requester().post("/api/orders", Map.of("patientId", first.json().get("id").asString(), "requesterOds", PRACTICE,
                "clinician", "Dr Who", "priority", "ROUTINE", "tests", List.of("CRP"))).status()).isEqualTo(201);
        assertThat(requester().post("/api/patients/search", Map.of("nhsNumber", nhs)).json().get(0).get("familyName").asString())
                .isEqualTo("Twice");
        assertThat(requester().post("/api/patients/search", Map.of("nhsNumber", "9434765919")).json()).isEmpty();
    }

    @Test
    void everyEventCarriesTheActorOfItsRequest() {
        String patient = registerPatient("MALE", "1949-09-09");
        String actor = db.sql("select actor from event_log where stream_id = ?").param(patient).query(String.class).single();
        assertThat(actor).isEqualTo("dr.who/REQUESTER");
    }

    @Test
    void openApiDescriptionIsServed() {
        var docs = requester().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/orders").contains("/api/results/{id}/authorisation");
    }
}
