package org.pathguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.pathguard.Api;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the FHIR endpoint's writes: a ServiceRequest create and a transaction Bundle that places an
 * order for a new patient, as order comms send them, with fuzzer-chosen edits. No answer may be a 5xx;
 * a refusal is an OperationOutcome and writes nothing.
 */
class FhirFuzzTest extends FuzzedServer {

    private static final String SERVICE_REQUEST = """
            {"resourceType": "ServiceRequest",
             "meta": {"profile": ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest-Lab"]},
             "contained": [{"resourceType": "PractitionerRole", "id": "requester",
               "practitioner": {"display": "Dr Priya Shah"},
               "organization": {"type": "Organization",
                 "identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "FUZZ01"}}}],
             "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PLAC"}]},
               "system": "https://ice.example.nhs.uk/order", "value": "{placer}"}],
             "status": "active", "intent": "order", "priority": "urgent",
             "code": {"coding": [{"system": "https://pathguard.nhs.uk/CodeSystem/lab-test", "code": "UE"}]},
             "subject": {"reference": "Patient/{patient}"},
             "requester": {"reference": "#requester"},
             "note": [{"text": "Chest pain since this morning"}]}""";

    /** A new patient, U&E and FBC requests, and a serum and an EDTA tube for them. */
    private static final String TRANSACTION = """
            {"resourceType": "Bundle", "type": "transaction", "entry": [
             {"fullUrl": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0001",
              "resource": {"resourceType": "Patient",
                "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "{new-nhs}"}],
                "name": [{"family": "Adeyemi", "given": ["Tunde"]}], "gender": "male", "birthDate": "1961-03-09",
                "address": [{"postalCode": "SE15 4QL"}]},
              "request": {"method": "POST", "url": "Patient"}},
             {"fullUrl": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0002",
              "resource": {"resourceType": "ServiceRequest", "status": "active", "intent": "order", "priority": "routine",
                "code": {"coding": [{"system": "https://pathguard.nhs.uk/CodeSystem/lab-test", "code": "UE"}]},
                "subject": {"reference": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0001"},
                "requester": {"type": "Organization", "display": "Dr Priya Shah",
                  "identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "FUZZ01"}}},
              "request": {"method": "POST", "url": "ServiceRequest"}},
             {"fullUrl": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0003",
              "resource": {"resourceType": "ServiceRequest", "status": "active", "intent": "order", "priority": "routine",
                "code": {"coding": [{"system": "https://pathguard.nhs.uk/CodeSystem/lab-test", "code": "FBC"}]},
                "subject": {"reference": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0001"},
                "requester": {"type": "Organization", "display": "Dr Priya Shah",
                  "identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "FUZZ01"}}},
              "request": {"method": "POST", "url": "ServiceRequest"}},
             {"fullUrl": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0004",
              "resource": {"resourceType": "Specimen",
                "identifier": [{"system": "https://pathguard.nhs.uk/Id/specimen-barcode", "value": "{new-serum}"}],
                "type": {"coding": [{"system": "https://pathguard.nhs.uk/CodeSystem/specimen-type", "code": "SER"}]},
                "request": [{"reference": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0002"}],
                "collection": {"collectedDateTime": "{an-hour-ago}"}},
              "request": {"method": "POST", "url": "Specimen"}},
             {"fullUrl": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0005",
              "resource": {"resourceType": "Specimen",
                "identifier": [{"system": "https://pathguard.nhs.uk/Id/specimen-barcode", "value": "{new-edta}"}],
                "type": {"coding": [{"system": "http://snomed.info/sct", "code": "445295009"}]},
                "request": [{"reference": "urn:uuid:6f1c0c52-0001-4c1e-9a57-2f0d3c1e0003"}]},
              "request": {"method": "POST", "url": "Specimen"}}]}""";

    private enum Write {
        CREATE("/fhir/ServiceRequest", SERVICE_REQUEST, 201),
        TRANSACTION("/fhir", FhirFuzzTest.TRANSACTION, 200);

        final String path;
        final String body;
        final int accepted;

        Write(String path, String body, int accepted) {
            this.path = path;
            this.body = body;
            this.accepted = accepted;
        }
    }

    /** The ServiceRequest's patient; orders placed for them use nothing up, so they stay for the whole run. */
    private Tubes patient;

    @FuzzTest
    void write(FuzzedDataProvider data) {
        try (SilentCloseable ignored = onlyLocalConnections()) {
            nextInput();
            Write write = data.pickValue(Write.values());
            boolean orderComms = !data.consumeBoolean();
            Caller caller = Caller.of(orderComms ? machine("fuzz.order-comms") : scientist(), port);
            String canonical = Api.JSON.readTree(write.body).toString();
            String body = JsonEdits.apply(write.body, data);

            // Filled before counting: filling may register the patient the input refers to.
            String filled = placeholders().fill(body);
            long before = lastEvent();
            Api.Response response = caller.post(write.path, "application/fhir+json", filled);

            String sent = brief("POST " + write.path + " " + body);
            String answer = brief(response.body());
            assertThat(response.status()).as("the answer to %s: %s", sent, answer).isLessThan(500);
            if (response.status() >= 400) {
                assertThat(resourceType(response.body())).as("the refusal of %s: %s", sent, answer)
                        .isEqualTo("OperationOutcome");
                assertThat(clinicalEventsAfter(before)).as("events written although %s was refused: %s", sent, answer)
                        .isZero();
            }
            if (!stoppedForGuessing(response) && orderComms && body.equals(canonical)) {
                assertThat(response.status()).as("an unedited %s must be accepted: %s", write, answer).isEqualTo(write.accepted);
            }
        }
    }

    private Placeholders placeholders() {
        return new Placeholders(Map.of(
                "new-nhs", Api::newNhsNumber,
                "placer", () -> Api.unique("P"),
                "new-serum", () -> Api.unique("S"),
                "new-edta", () -> Api.unique("E"),
                "an-hour-ago", () -> Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "patient", () -> patient().patientId()));
    }

    private Tubes patient() {
        if (patient == null) {
            patient = Tubes.place(scientist(), false);
        }
        return patient;
    }

    private static String resourceType(String body) {
        try {
            JsonNode json = Api.JSON.readTree(body);
            return json.path("resourceType").asString("");
        } catch (RuntimeException notJson) {
            return "not JSON";
        }
    }
}
