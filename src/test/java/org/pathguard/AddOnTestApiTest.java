package org.pathguard;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Add-on tests through the API (issue 14, what scientists and pathologists were missing): a test added to an order
 * already in the lab is done on the specimen it has, only if that specimen suits it, is in the lab and was not
 * rejected; the report waits for it, and an order already reported gets a new version including it.
 */
class AddOnTestApiTest extends LabServerTest {

    private Api requester() {
        return api("dr.addon", "REQUESTER");
    }

    private Api scientist() {
        return api("bms.addon", "SCIENTIST");
    }

    private Api analyser() {
        return api("analyser.addon", "INTERFACE");
    }

    /** A U&E on a serum tube (or an FBC on EDTA), received; returns the accession and the barcode. */
    private String[] ueReceived(String specimenType) {
        return ordered(specimenType, true);
    }

    /** The order, its tube received or, if not {@code receive}, rejected at reception. */
    private String[] ordered(String specimenType, boolean receive) {
        var patient = requester().post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Addonperson", "givenName", "Kim", "dateOfBirth", "1968-04-09", "sex", "MALE", "postcode", "SE5 9RS"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String barcode = Api.unique("BA");
        String test = specimenType.equals("SER") ? "UE" : "FBC";
        var placed = requester().post("/api/orders", Map.of("patientId", patient.json().get("id").asString(), "requesterOds", PRACTICE,
                "clinician", "Dr Addon", "priority", "ROUTINE", "placerOrderNumber", Api.unique("PA"), "tests", List.of(test),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", specimenType))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var reception = receive ? scientist().post("/api/specimens/" + barcode + "/receipt", Map.of())
                : scientist().post("/api/specimens/" + barcode + "/rejection", Map.of("reason", "HAEMOLYSED", "comment", "Grossly"));
        assertThat(reception.status()).as(reception.body()).isEqualTo(200);
        return new String[]{placed.json().get("accession").asString(), barcode};
    }

    private void send(String barcode, Map<String, String> values) {
        List<Map<String, String>> items = new ArrayList<>();
        values.forEach((analyte, value) -> items.add(Map.of("analyte", analyte, "value", value)));
        var sent = analyser().post("/api/results", Map.of("barcode", barcode, "results", items));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    }

    private static final Map<String, String> NORMAL_UE = Map.of("NA", "140", "K", "4.2", "UREA", "5.0", "CREA", "80");

    private JsonNode reports(String accession) {
        return requester().get("/api/orders/" + accession + "/reports").json();
    }

    @Test
    void anAddedTestIsDoneOnTheSameSpecimenAndTheReportWaitsForIt() {
        String[] order = ueReceived("SER");
        send(order[1], Map.of("NA", "140", "K", "4.2", "UREA", "5.0"));

        var added = scientist().post("/api/orders/" + order[0] + "/tests", Map.of("test", "CRP", "reason", "Clinician phoned: query infection"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("barcode").asString()).isEqualTo(order[1]);
        assertThat(added.json().get("addedBy").asString()).isEqualTo("bms.addon/SCIENTIST");
        assertThat(added.json().get("tests").toString()).contains("CRP", "UE");
        assertThat(requester().get("/api/orders/" + order[0]).json().get("tests").toString()).contains("CRP");

        // Creatinine completes the U&E, but the report now also waits for the CRP.
        send(order[1], Map.of("CREA", "80"));
        assertThat(reports(order[0])).isEmpty();
        var refused = scientist().post("/api/orders/" + order[0] + "/report", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("CRP");

        send(order[1], Map.of("CRP", "3"));
        JsonNode reports = reports(order[0]);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).get("content").get("lines").toString()).contains("\"CRP\"", "\"CREA\"");
    }

    @Test
    void anOrderAlreadyReportedGetsANewVersionIncludingTheAddedTest() {
        String[] order = ueReceived("SER");
        send(order[1], NORMAL_UE);
        assertThat(reports(order[0])).hasSize(1);
        int targetBefore = requester().get("/api/orders/" + order[0]).json().get("turnaround").get("targetMinutes").asInt();

        var added = api("cs.addon", "AUTHORISER").post("/api/orders/" + order[0] + "/tests", Map.of("test", "BONE", "reason", "Calcium asked for"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        // Open work again until the added test is reported: turnaround no longer counts it as reported.
        JsonNode turnaround = requester().get("/api/orders/" + order[0]).json().get("turnaround");
        assertThat(turnaround.get("reported").asBoolean()).isFalse();
        assertThat(turnaround.get("targetMinutes").asInt()).isGreaterThanOrEqualTo(targetBefore);
        assertThat(reports(order[0])).hasSize(1);

        send(order[1], Map.of("CA", "2.35", "ACA", "2.35", "PHOS", "1.10", "ALP", "80", "ALB", "42"));
        JsonNode reports = reports(order[0]);
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0).get("content").get("lines").toString()).doesNotContain("\"BONE\"");
        assertThat(reports.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(reports.get(1).get("content").get("lines").toString()).contains("\"BONE\"", "\"UE\"");
        assertThat(requester().get("/api/orders/" + order[0]).json().get("turnaround").get("reported").asBoolean()).isTrue();
    }

    @Test
    void aTestIsAddedOnlyToASpecimenThatSuitsItIsInTheLabAndWasNotRejected() {
        String[] edta = ueReceived("EDTA");
        var unsuitable = scientist().post("/api/orders/" + edta[0] + "/tests", Map.of("test", "CRP", "reason", "Query infection"));
        assertThat(unsuitable.status()).isEqualTo(422);
        assertThat(unsuitable.json().get("detail").asString()).contains("needs a SER specimen");

        String[] serum = ueReceived("SER");
        var twice = scientist().post("/api/orders/" + serum[0] + "/tests", Map.of("test", "UE", "reason", "Again"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asString()).contains("already on this order");

        var noReason = scientist().post("/api/orders/" + serum[0] + "/tests", Map.of("test", "CRP", "reason", " "));
        assertThat(noReason.status()).isEqualTo(422);
        var unknown = scientist().post("/api/orders/" + serum[0] + "/tests", Map.of("test", "MAGIC", "reason", "Why not"));
        assertThat(unknown.status()).isEqualTo(422);

        String[] rejected = ordered("SER", false);
        var onRejected = scientist().post("/api/orders/" + rejected[0] + "/tests", Map.of("test", "CRP", "reason", "Query infection"));
        assertThat(onRejected.status()).isEqualTo(409);
        assertThat(onRejected.json().get("detail").asString()).contains("was rejected");
    }

    @Test
    void onlyTheLabAddsTests() {
        String[] order = ueReceived("SER");
        var body = Map.of("test", "CRP", "reason", "Query infection");
        assertThat(requester().post("/api/orders/" + order[0] + "/tests", body).status()).isEqualTo(403);
        assertThat(analyser().post("/api/orders/" + order[0] + "/tests", body).status()).isEqualTo(403);
        assertThat(requester().get("/api/orders/" + order[0]).json().get("tests").toString()).doesNotContain("CRP");
        assertThat(api("lm.addon", "LAB_MANAGER").post("/api/orders/" + order[0] + "/tests", body).status()).isEqualTo(201);
    }
}
