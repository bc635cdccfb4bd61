package org.pathguard;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ISO 15189:2022 7.4.1.7: the report names the laboratory that performed each test. A result submitted as performed
 * by a partner laboratory says so in its JSON, on the report (JSON, printed page), in FHIR and after an amendment;
 * this lab's own results name this lab wherever a performer is given.
 */
class PerformingLabApiTest extends LabServerTest {

    private static final Map<String, String> PARTNER = Map.of("odsCode", "RJ122", "name", "Viapath Guy's and St Thomas'");
    private static final String THIS_LAB_NAME = "PathGuard demonstration laboratory";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private Api requester() {
        return api("dr.referral", "REQUESTER");
    }

    private Api scientist() {
        return api("bms.referral", "SCIENTIST");
    }

    private Api authoriser() {
        return api("cs.referral", "AUTHORISER");
    }

    /** An order for {@code tests} on one serum tube, received; returns the accession, the barcode and the patient's id. */
    private String[] orderAndReceive(List<String> tests) {
        var patient = requester().post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Referral", "givenName", "Ada", "dateOfBirth", "1962-04-12", "sex", "FEMALE", "postcode", "SE1 7EH"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String barcode = Api.unique("RF");
        var placed = requester().post("/api/orders", Map.of("patientId", patient.json().get("id").asString(), "requesterOds", PRACTICE,
                "clinician", "Dr Shah", "priority", "URGENT", "placerOrderNumber", Api.unique("PL"), "tests", tests,
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var received = scientist().post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        return new String[]{placed.json().get("accession").asString(), barcode, patient.json().get("id").asString()};
    }

    /** Records one result, as this lab's (performedBy null) or a partner's; returns it as the API gives it. */
    private JsonNode record(String barcode, String analyte, String value, String unit, Map<String, String> performedBy) {
        Map<String, Object> submission = new HashMap<>(Map.of("barcode", barcode,
                "results", List.of(Map.of("analyte", analyte, "value", value, "unit", unit))));
        if (performedBy != null) {
            submission.put("performedBy", performedBy);
        }
        var r = scientist().post("/api/results", submission);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get(0);
    }

    private static JsonNode line(JsonNode report, String analyte) {
        for (JsonNode l : report.get("content").get("lines")) {
            if (l.get("analyteCode").asString().equals(analyte)) {
                return l;
            }
        }
        throw new AssertionError("no " + analyte + " line in " + report);
    }

    private Observation observation(String resultId) {
        var r = requester().get("/fhir/Observation/" + resultId + "?_format=json");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Observation.class, r.body());
    }

    private static void assertPerformer(Observation o, String ods, String name) {
        assertThat(o.getPerformer()).hasSize(1);
        Reference performer = o.getPerformerFirstRep();
        assertThat(performer.getType()).isEqualTo("Organization");
        assertThat(performer.getIdentifier().getSystem()).isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
        assertThat(performer.getIdentifier().getValue()).isEqualTo(ods);
        assertThat(performer.getDisplay()).isEqualTo(name);
    }

    @Test
    void aReferredResultNamesItsLabInTheResultTheReportThePrintedPageAndFhirAndOwnResultsNameThisLab() {
        String[] order = orderAndReceive(List.of("CRP", "TROP"));
        JsonNode own = record(order[1], "CRP", "3", "mg/L", null);
        JsonNode referred = record(order[1], "TROPT", "8", "ng/L", PARTNER);

        assertThat(own.get("performedBy").isNull()).as("this lab's own result: %s", own).isTrue();
        assertThat(referred.get("performedBy").get("odsCode").asString()).isEqualTo("RJ122");
        assertThat(referred.get("performedBy").get("name").asString()).isEqualTo("Viapath Guy's and St Thomas'");
        assertThat(referred.get("status").asString()).as("a referred result is autoverified like any other").isEqualTo("FINAL");

        JsonNode reports = requester().get("/api/orders/" + order[0] + "/reports").json();
        assertThat(reports).hasSize(1);
        JsonNode report = reports.get(0);
        assertThat(report.get("content").get("reportingLab").get("odsCode").asString()).isEqualTo(LAB);
        assertThat(report.get("content").get("reportingLab").get("name").asString()).isEqualTo(THIS_LAB_NAME);
        assertThat(line(report, "TROPT").get("performedBy").get("odsCode").asString()).isEqualTo("RJ122");
        assertThat(line(report, "CRP").get("performedBy").isNull()).isTrue();

        var page = requester().get("/reports/" + order[0]);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Reporting laboratory", THIS_LAB_NAME + " (PGLAB)",
                "Performed by Viapath Guy&#39;s and St Thomas&#39; (RJ122)");
        assertThat(page.body().split("data-testid=\"performed-by\"", -1)).as("only the referred line says who performed it")
                .hasSize(2);

        var record = requester().get("/patients/" + order[2]);
        assertThat(record.status()).as(record.body()).isEqualTo(200);
        assertThat(record.body()).as("the cumulative view names the partner beside its result")
                .contains("Performed by Viapath Guy&#39;s and St Thomas&#39; (RJ122)");
        assertThat(record.body().split("data-testid=\"performed-by\"", -1)).hasSize(2);

        assertPerformer(observation(referred.get("id").asString()), "RJ122", "Viapath Guy's and St Thomas'");
        assertPerformer(observation(own.get("id").asString()), LAB, THIS_LAB_NAME);

        // Correcting a partner's value here does not make it this lab's result, and the re-issued report still says so.
        var amended = authoriser().post("/api/results/" + referred.get("id").asString() + "/amendment",
                Map.of("value", "9", "unit", "ng/L", "reason", "Partner's corrected report"));
        assertThat(amended.status()).as(amended.body()).isEqualTo(200);
        assertThat(amended.json().get("performedBy").get("odsCode").asString()).isEqualTo("RJ122");
        JsonNode reissued = requester().get("/api/orders/" + order[0] + "/reports").json();
        assertThat(reissued).hasSize(2);
        assertThat(line(reissued.get(1), "TROPT").get("value").asString()).isEqualTo("9");
        assertThat(line(reissued.get(1), "TROPT").get("performedBy").get("odsCode").asString()).isEqualTo("RJ122");
        assertThat(line(reissued.get(0), "TROPT").get("value").asString()).as("the first version is kept as issued").isEqualTo("8");
    }

    @Test
    void aHeldReferredResultShowsItsLabInTheValidationQueueAndTheWholeSpecimenPanel() {
        String[] order = orderAndReceive(List.of("CRP"));
        JsonNode held = record(order[1], "CRP", "48", "mg/L", PARTNER);
        assertThat(held.get("status").asString()).isEqualTo("PRELIMINARY");
        String id = held.get("id").asString();

        JsonNode row = null;
        for (JsonNode r : scientist().get("/api/validation-queue?limit=1000&test=CRP").json().get("results")) {
            if (r.get("result").get("id").asString().equals(id)) {
                row = r;
            }
        }
        assertThat(row).as("the held result is on the queue").isNotNull();
        assertThat(row.get("result").get("performedBy").get("odsCode").asString()).isEqualTo("RJ122");

        var panel = scientist().get("/validation/" + id + "/panel");
        assertThat(panel.status()).as(panel.body()).isEqualTo(200);
        assertThat(panel.body()).contains("Performed by Viapath Guy&#39;s and St Thomas&#39; (RJ122)");
    }

    @Test
    void aPerformingLabWithoutAProperOdsCodeIsRefusedAndNothingIsRecorded() {
        String[] order = orderAndReceive(List.of("CRP"));
        var refused = scientist().post("/api/results", Map.of("barcode", order[1], "performedBy", Map.of("odsCode", "not an ods", "name", "X"),
                "results", List.of(Map.of("analyte", "CRP", "value", "3", "unit", "mg/L"))));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(requester().get("/api/orders/" + order[0] + "/results").json()).isEmpty();
    }
}
