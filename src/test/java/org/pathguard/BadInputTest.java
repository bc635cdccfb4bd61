package org.pathguard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 4xx problem a person can act on, and writes nothing. */
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest extends LabServerTest {

    Api clinician;
    Api analyser;

    @org.junit.jupiter.api.BeforeEach
    void actors() {
        clinician = api("dr.bad", "REQUESTER");
        analyser = api("analyser.bad", "INTERFACE");
    }

    void assertRejected(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        var problem = r.json();
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (code != null) {
            assertThat(problem.get("code").asString()).isEqualTo(code);
        }
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("SQL");
    }

    String patient() {
        var r = clinician.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", "Bad",
                "givenName", "Input", "dateOfBirth", "1975-05-05", "sex", "FEMALE"));
        return r.json().get("id").asString();
    }

    @Test
    void invalidNhsNumber() {
        long before = eventCount();
        var r = clinician.post("/api/patients", Map.of("nhsNumber", "9434765918", "familyName", "Bad", "givenName", "Check",
                "dateOfBirth", "1975-05-05", "sex", "FEMALE"));
        assertRejected(r, 422, "invalid-nhs-number");
        assertThat(r.body()).doesNotContain("9434765918");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void unknownTestCode() {
        String patient = patient();
        long before = eventCount();
        var r = clinician.post("/api/orders", Map.of("patientId", patient, "requesterOds", "G85001", "clinician", "Dr X",
                "priority", "ROUTINE", "tests", List.of("UE", "NOPE"), "specimens", List.of(Map.of("barcode", Api.unique("BC"), "specimenType", "SER"))));
        assertRejected(r, 422, "unknown-test-code");
        assertThat(r.json().get("detail").asString()).contains("NOPE");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(db.sql("select count(*) from lab_order where patient_id = ?::uuid").param(patient).query(Long.class).single()).isZero();
    }

    @Test
    void resultForAnUnknownSpecimen() {
        long before = eventCount();
        var r = analyser.post("/api/results", Map.of("barcode", "NOSUCHBARCODE", "results", List.of(Map.of("analyte", "K", "value", "4.1"))));
        assertRejected(r, 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aNulCharacterIsAValueToFixNotAClashToRetry() {
        long before = eventCount();
        var r = analyser.post("/api/results", Map.of("barcode", "BC\u0000X", "results", List.of(Map.of("analyte", "K", "value", "4.1"))));
        assertRejected(r, 422, "unstorable-character");
        assertThat(r.body()).contains("NUL");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void duplicateAccession() {
        String patient = patient();
        String accession = Api.unique("ACC").toUpperCase();
        Map<String, Object> order = Map.of("patientId", patient, "requesterOds", "G85001", "clinician", "Dr X",
                "priority", "ROUTINE", "accession", accession, "tests", List.of("CRP"));
        assertThat(clinician.post("/api/orders", order).status()).isEqualTo(201);
        long before = eventCount();
        assertRejected(clinician.post("/api/orders", order), 409, "conflict");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void malformedJson(CapturedOutput output) {
        long before = eventCount();
        assertRejected(clinician.post("/api/patients", "{\"nhsNumber\": \"9434765919\", "), 400, "malformed-body");
        var badDate = clinician.post("/api/patients", "{\"familyName\": \"Quarrington\", \"dateOfBirth\": \"1984-13-45\"}");
        assertRejected(badDate, 400, "malformed-body");
        assertThat(badDate.body()).doesNotContain("Quarrington").doesNotContain("1984-13-45");
        assertThat(eventCount()).isEqualTo(before);
        // What the caller sent never reaches the logs either.
        assertThat(output.getAll()).doesNotContain("9434765919").doesNotContain("Quarrington").doesNotContain("1984-13-45");
    }

    @Test
    void oversizedBody() {
        long before = eventCount();
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        assertRejected(clinician.postBytes("/api/patients", big), 413, "payload-too-large");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void missingActor() {
        long before = eventCount();
        assertRejected(Api.anonymous(port).post("/api/patients", Map.of()), 401, "sign-in-required");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void nonNumericValueAndWrongUnitForANumericTest() {
        String patient = patient();
        String barcode = Api.unique("BC");
        clinician.post("/api/orders", Map.of("patientId", patient, "requesterOds", "G85001", "clinician", "Dr X",
                "priority", "ROUTINE", "tests", List.of("UE"), "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        api("mla", "SCIENTIST").post("/api/specimens/" + barcode + "/receipt", Map.of());
        long before = eventCount();
        // The valid first item must not be written when the second is refused.
        assertRejected(analyser.post("/api/results", Map.of("barcode", barcode, "results", List.of(
                Map.of("analyte", "NA", "value", "140", "unit", "mmol/L"),
                Map.of("analyte", "K", "value", "four", "unit", "mmol/L")))), 422, "not-a-number");
        assertRejected(analyser.post("/api/results", Map.of("barcode", barcode, "results", List.of(
                Map.of("analyte", "K", "value", "4.1", "unit", "mg/dL")))), 422, "unit-mismatch");
        assertRejected(analyser.post("/api/results", Map.of("barcode", barcode, "results", List.of(
                Map.of("analyte", "TSH", "value", "1.1")))), 422, "analyte-not-requested");
        // An exponent that would take minutes to round is refused before any arithmetic.
        assertRejected(analyser.post("/api/results", Map.of("barcode", barcode, "results", List.of(
                Map.of("analyte", "K", "value", "1e-999999999")))), 422, "value-out-of-bounds");
        assertRejected(analyser.post("/api/results", "{\"barcode\": \"" + barcode + "\", \"results\": [null]}"), 422, "missing-value");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(db.sql("select count(*) from result r join specimen s on s.id = r.specimen_id where s.barcode = ?")
                .param(barcode).query(Long.class).single()).isZero();
    }
}
