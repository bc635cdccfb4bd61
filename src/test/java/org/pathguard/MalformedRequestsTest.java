package org.pathguard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 7 and issue 14 item 6: malformed addresses, parameters and bodies answered 500 with an ERROR line and a
 * stack trace (31 × 500 and 94 ERROR lines in about 1,200 hostile requests). Each is now a 4xx a person can act on.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestsTest extends LabServerTest {

    private static final List<String> PEOPLE = List.of("SCIENTIST", "AUTHORISER", "REQUESTER", "LAB_MANAGER", "AUDITOR", "ADMINISTRATOR");

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String FHIR_JSON = "application/fhir+json";

    record Case(String method, String path, String contentType, String body, boolean htmx) {
        static Case get(String path) {
            return new Case("GET", path, null, null, false);
        }

        static Case post(String path, String contentType, String body) {
            return new Case("POST", path, contentType, body, false);
        }

        /** As htmx sends it from a page (HX-Request), expecting a fragment to swap in. */
        Case fromHtmx() {
            return new Case(method, path, contentType, body, true);
        }
    }

    static final List<Case> SCREENS = List.of(
            Case.get("/patients/not-a-uuid"),
            Case.get("/patients/12345"),
            Case.get("/patients/not-a-uuid").fromHtmx(),
            Case.post("/patients/not-a-uuid/break-glass", FORM, "reason=abc"),
            Case.post("/critical/not-a-uuid/call", FORM, "toldWhom=Dr+X&readBack=yes"),
            Case.post("/critical/" + UUID.randomUUID() + "/call", FORM, "toldWhom=Dr+X&toldAt=31%2F12%2F2024+10%3A00&readBack=yes"),
            Case.get("/critical/not-a-uuid/call"),
            Case.get("/turnaround?hours=abc"),
            Case.get("/turnaround?hours=99999999999"),
            Case.get("/audit?days=abc"),
            Case.get("/audit/break-glass/not-a-number"),
            Case.post("/audit/break-glass/not-a-number/review", FORM, "outcome=JUSTIFIED"),
            Case.get("/reception?reason=BANANA"),
            Case.post("/reception/scan", FORM, "barcode=X&mode=reject&reason=BANANA"),
            Case.post("/reception/scan", FORM, "barcode=X&mode=reject&reason=BANANA").fromHtmx(),
            Case.post("/validation/not-a-uuid/rejection", FORM, "comment=x"),
            Case.post("/validation/not-a-uuid/authorisation", FORM, "comment=x").fromHtmx(),
            Case.post("/validation/batch", FORM, "selected=not-a-uuid&reviewed=yes"),
            Case.post("/results/entry/NOPE", FORM, "ABO=A"),
            Case.get("/results/entry?barcode=NOPE"),
            Case.get("/orders/NOPE/labels"),
            Case.get("/patients/a/b/c"),
            Case.post("/orders", FORM, "tests=NOPE&priority=BANANA&dateOfBirth=yesterday"),
            Case.post("/patients/search", FORM, "number=999%G1"),
            Case.post("/reception/scan", FORM, "barcode=%ZZ&mode=receive").fromHtmx(),
            Case.get("/audit?days=99999999999"));

    static final List<Case> API = List.of(
            Case.get("/api/results/not-a-uuid"),
            Case.get("/api/results/not-a-uuid/history"),
            Case.get("/api/patients/not-a-uuid"),
            Case.get("/api/patients/not-a-uuid/orders"),
            Case.get("/api/patients/not-a-uuid/cumulative"),
            Case.get("/api/validation-queue?limit=abc"),
            Case.get("/api/turnaround?since=yesterday"),
            Case.get("/api/audit/alerts?since=abc"),
            Case.get("/api/audit/break-glass?since=abc"),
            Case.get("/api/audit/patients/not-a-uuid/reads"),
            Case.get("/api/audit/break-glass/not-a-number"),
            Case.post("/api/audit/break-glass/not-a-number/review", "application/json", "{}"),
            Case.post("/api/audit/break-glass/99999999999999999999/review", "application/json", "{\"outcome\": \"JUSTIFIED\"}"),
            Case.get("/api/interfaces/outbound?state=BANANA&limit=x"),
            Case.get("/api/interfaces/outbound/not-a-uuid"),
            Case.post("/api/critical-alerts/not-a-uuid/call", "application/json", "{}"),
            Case.post("/api/exports/not-a-uuid/decision", "application/json", "{}"),
            Case.post("/api/admin/credentials/not-a-uuid/revocation", "application/json", "{}"),
            Case.post("/api/results/not-a-uuid/authorisation", "application/json", "{}"),
            Case.post("/api/patients", "text/plain", "hello"),
            new Case("DELETE", "/api/patients", null, null, false));

    static final List<Case> FHIR = List.of(
            Case.get("/fhir/Observation?patient:missing=true"),
            Case.get("/fhir/Observation?subject:missing=true"),
            Case.get("/fhir/Specimen?patient:missing=false"),
            Case.get("/fhir/DiagnosticReport?subject:missing=true"),
            Case.get("/fhir/ServiceRequest?patient:missing=true"),
            Case.get("/fhir/Observation?patient="),
            Case.get("/fhir/Observation?patient:Device=x"),
            Case.get("/fhir/Observation?patient:identifier=x"),
            Case.get("/fhir/Observation?patient=Patient/x&date=notadate"),
            Case.get("/fhir/Observation?patient=Patient/x&date=2024-13-45"),
            Case.get("/fhir/Observation?patient=Patient/x&status:exact=final"),
            Case.get("/fhir/Observation?patient=Patient/x&foo=bar"),
            Case.get("/fhir/Observation?subject:identifier=notnhs"),
            Case.get("/fhir/Observation?subject:identifier=https://fhir.nhs.uk/Id/nhs-number%7C123"),
            Case.get("/fhir/Observation?subject:identifier=%7C"),
            Case.get("/fhir/Observation?subject:identifier="),
            Case.get("/fhir/Observation?subject.identifier=x%7Cy"),
            Case.get("/fhir/Patient?identifier="),
            Case.get("/fhir/Patient?identifier=%7C"),
            Case.get("/fhir/Patient?identifier:missing=true"),
            Case.get("/fhir/Patient?identifier:text=foo"),
            Case.get("/fhir/Patient?identifier=abc"),
            Case.get("/fhir/Patient?name=smith"),
            Case.get("/fhir/Patient/not-a-uuid"),
            Case.get("/fhir/Patient"),
            Case.get("/fhir/Specimen?patient=Patient/x&collected=abc"),
            Case.get("/fhir/DiagnosticReport?patient=Patient/x&date=ge"),
            Case.get("/fhir/ServiceRequest/x"),
            Case.get("/fhir/Nope"),
            Case.get("/fhir/Observation/$everything"),
            Case.get("/fhir/Observation/x/_history/abc"),
            Case.get("/fhir/_history"),
            Case.post("/fhir", FHIR_JSON, "{"),
            Case.post("/fhir", FHIR_JSON, "not json"),
            Case.post("/fhir", "application/fhir+xml", "<Bundle"),
            Case.post("/fhir", FHIR_JSON, "{}"),
            Case.post("/fhir", FHIR_JSON, ""),
            Case.post("/fhir", FHIR_JSON, "null"),
            Case.post("/fhir", FHIR_JSON, "[]"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Patient\"}"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{}]}"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"},\"request\":{\"method\":\"GET\",\"url\":\"Patient\"}}]}"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"ServiceRequest\"},\"request\":{\"method\":\"POST\",\"url\":\"ServiceRequest\"}}]}"),
            Case.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"ServiceRequest\",\"subject\":{\"reference\":\"Patient/nope\"}},\"request\":{\"method\":\"POST\",\"url\":\"ServiceRequest\"}}]}"),
            Case.post("/fhir", "text/plain", "hello"),
            Case.post("/fhir/ServiceRequest", FHIR_JSON, ""),
            Case.post("/fhir/ServiceRequest", FHIR_JSON, "null"),
            Case.post("/fhir/ServiceRequest", FHIR_JSON, "[]"),
            Case.post("/fhir/ServiceRequest", FHIR_JSON, "{\"resourceType\":\"Observation\"}"),
            Case.post("/fhir/ServiceRequest", FHIR_JSON, "{\"resourceType\":\"ServiceRequest\"}"),
            Case.post("/fhir/ServiceRequest", FHIR_JSON, "{\"resourceType\":\"ServiceRequest\",\"subject\":{}}"),
            Case.post("/fhir/ServiceRequest", FHIR_JSON, "{\"resourceType\":\"ServiceRequest\",\"subject\":{\"reference\":\"Patient/not-a-uuid\"}}"),
            Case.post("/fhir/ServiceRequest", "application/fhir+xml", "<ServiceRequest xmlns=\"http://hl7.org/fhir\"><status value=\"active\"/>"),
            Case.post("/fhir/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\"}"),
            Case.post("/fhir/Patient/_search", FORM, "identifier=abc"),
            Case.post("/fhir/Patient/_search", FORM, "identifier:missing=true"),
            Case.post("/fhir/Observation/_search", FORM, "patient:missing=true"),
            new Case("PUT", "/fhir/ServiceRequest/x", FHIR_JSON, "{\"resourceType\":\"ServiceRequest\"}", false),
            new Case("DELETE", "/fhir/Patient/x", null, null, false));

    /** The addresses the hostile test found answering 500 with an ERROR line: 400 now, for every role, in words. */
    @Test
    void theAddressesTheAttackerFoundAnswer400WithAPageInTheScreensLayout(CapturedOutput output) {
        for (String role : PEOPLE) {
            Api who = api("malformed.named." + role.toLowerCase(), role);
            for (Case c : List.of(Case.get("/patients/not-a-uuid"), Case.post("/critical/not-a-uuid/call", FORM, "toldWhom=Dr+X&readBack=yes"),
                    Case.get("/turnaround?hours=abc"), Case.post("/validation/not-a-uuid/rejection", FORM, "comment=haemolysed"))) {
                Api.Response r = send(who, c);
                assertThat(r.status()).as(role + " " + c).isEqualTo(400);
                assertThat(r.contentType()).as(role + " " + c).startsWith("text/html");
                assertThat(r.body()).as(role + " " + c).contains("nhsuk-error-summary").contains("Error: The address or form could not be read – PathGuard")
                        .containsAnyOf("is not a PathGuard id", "must be a whole number");
            }
        }
        Api.Response fragment = send(api("malformed.named.authoriser", "AUTHORISER"),
                Case.post("/validation/not-a-uuid/authorisation", FORM, "comment=x").fromHtmx());
        assertThat(fragment.status()).isEqualTo(400);
        assertThat(fragment.body()).as("htmx swaps the refusal in place: the summary, not a page").contains("nhsuk-error-summary")
                .doesNotContain("<html");

        Api gp = api("malformed.named.requester", "REQUESTER");
        Api.Response missing = gp.get("/fhir/Observation?patient:missing=true");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("OperationOutcome").contains("patient:missing").contains("subject:identifier=");
        Api.Response unreadable = api("malformed.named.orders", "INTERFACE").post("/fhir", FHIR_JSON, "{\"resourceType\": \"Bundle\", ");
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.body()).contains("OperationOutcome").contains("not a valid FHIR R4 resource");
        assertQuiet(output);
    }

    /**
     * Every screen, API and FHIR route with a typed path variable or query parameter (ids, numbers, dates, enums), unknown
     * modifiers and parameters, malformed bodies and encodings, sent by people of several roles and by a machine: a 4xx
     * in the form the caller reads (a page or htmx fragment, problem+json, an OperationOutcome), nothing changed, and
     * no ERROR or stack trace in the log.
     */
    @Test
    void malformedRequestsAcrossScreensApiAndFhirAreRefusedIn4xxWithoutAnErrorInTheLog(CapturedOutput output) {
        List<Api> callers = new ArrayList<>();
        for (String role : List.of("SCIENTIST", "AUTHORISER", "REQUESTER", "AUDITOR", "INTERFACE")) {
            callers.add(api("malformed.table." + role.toLowerCase(), role));
        }
        long events = eventCount();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < callers.size(); i++) {
            Api who = callers.get(i);
            boolean machine = i == callers.size() - 1;
            List<Case> cases = new ArrayList<>(API);
            cases.addAll(FHIR);
            if (!machine) {
                cases.addAll(SCREENS);
            }
            for (Case c : cases) {
                Api.Response r = send(who, c);
                String problem = problemWith(c, r);
                if (problem != null) {
                    wrong.add((machine ? "machine" : "person " + i) + " " + c.method() + " " + c.path() + (c.htmx() ? " [htmx]" : "")
                            + " -> " + r.status() + " " + r.contentType() + ": " + problem);
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(eventCount()).as("malformed requests change nothing").isEqualTo(events);
        assertQuiet(output);
    }

    private static String problemWith(Case c, Api.Response r) {
        if (r.status() < 400 || r.status() > 499) {
            return "not a 4xx";
        }
        String body = r.body();
        // A failure of ours names the incident id to quote (Refusal.incident); every screen also links the lab's Incident page.
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("quote incident") || body.contains("\"incident\"")) {
            return "a failure's details in the body";
        }
        if (c.path().startsWith("/fhir")) {
            return body.contains("OperationOutcome") && body.contains("diagnostics") ? null : "not an OperationOutcome";
        }
        if (r.contentType().startsWith("application/problem+json")) {
            return r.json().path("detail").asString("").isBlank() ? "a problem without detail" : null;
        }
        if (c.path().startsWith("/api")) {
            return "not problem+json";
        }
        if (!r.contentType().startsWith("text/html") || !body.contains("nhsuk-error-summary")) {
            return "not a refusal the screens show";
        }
        return c.htmx() == body.contains("<html") ? (c.htmx() ? "a whole page swapped into a row" : "a fragment as a page") : null;
    }

    /** At most a WARN line, and no stack trace. */
    private static void assertQuiet(CapturedOutput output) {
        assertThat(output.getAll().lines().filter(line -> line.contains(" ERROR ") || line.startsWith("\tat ")))
                .as("ERROR lines and stack traces in the log").isEmpty();
    }

    private static Api.Response send(Api who, Case c) {
        Api as = c.htmx() ? who.withHeader("HX-Request", "true") : who;
        return switch (c.method()) {
            case "GET" -> as.get(c.path());
            case "DELETE" -> as.delete(c.path());
            case "PUT" -> as.put(c.path(), c.body());
            default -> as.post(c.path(), c.contentType(), c.body());
        };
    }
}
