package org.pathguard.interop.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.pathguard.Api;
import org.pathguard.LabServerTest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FHIR endpoint driven by HAPI's generic client; everything it emits is validated against UK Core. */
class FhirInterfaceTest extends LabServerTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private IGenericClient client(String actor, String role) {
        return client(actor, role, role.equals("REQUESTER") ? PRACTICE : LAB);
    }

    private IGenericClient client(String actor, String role, String organisation) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        Api signedIn = api(actor, role, organisation);
        Map<String, List<String>> headers = new java.util.HashMap<>();
        signedIn.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        if (!role.equals("INTERFACE")) {
            headers.put("Cookie", List.of(signedIn.cookie()));
        }
        client.registerInterceptor(new AdditionalRequestHeadersInterceptor(headers));
        return client;
    }

    private IGenericClient orderComms() {
        return client("ice-order-comms", "INTERFACE");
    }

    static Patient patient(String nhsNumber) {
        Patient p = new Patient();
        p.addIdentifier().setSystem(UkCore.NHS_NUMBER).setValue(nhsNumber);
        p.addName().setFamily("Adeyemi").addGiven("Tunde");
        p.setGender(Enumerations.AdministrativeGender.MALE);
        p.setBirthDate(java.sql.Date.valueOf(LocalDate.of(1961, 3, 9)));
        p.addAddress().setPostalCode("SE15 4QL");
        return p;
    }

    static ServiceRequest request(String testCode, Reference subject, String placer) {
        ServiceRequest sr = new ServiceRequest();
        sr.getMeta().addProfile(UkCore.SERVICE_REQUEST_LAB);
        sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        sr.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        sr.setPriority(ServiceRequest.ServiceRequestPriority.URGENT);
        sr.setCode(new CodeableConcept(new Coding(UkCore.LAB_TEST, testCode, null)));
        sr.setSubject(subject);
        sr.addIdentifier().setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "PLAC", null)))
                .setSystem("https://ice.example.nhs.uk/order").setValue(placer);
        PractitionerRole requester = new PractitionerRole();
        requester.setId("requester");
        requester.setPractitioner(new Reference().setDisplay("Dr Priya Shah"));
        requester.setOrganization(new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(UkCore.ODS_CODE).setValue("RJ122")));
        sr.addContained(requester);
        sr.setRequester(new Reference("#requester"));
        sr.addNote().setText("Chest pain since this morning");
        return sr;
    }

    static Specimen specimen(String barcode, String type, String requestUrl) {
        Specimen s = new Specimen();
        s.addIdentifier().setSystem(UkCore.BARCODE).setValue(barcode);
        s.setType(new CodeableConcept(new Coding(UkCore.SPECIMEN_TYPE, type, null)));
        s.addRequest(new Reference(requestUrl));
        s.getCollection().setCollected(new DateTimeType(Date.from(Instant.now().minus(1, ChronoUnit.HOURS))));
        return s;
    }

    /** A transaction: new patient, U&E and FBC requests, serum and EDTA tubes. Returns the response. */
    private Bundle placeByTransaction(String nhsNumber, String serum, String edta) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        String ueUrl = "urn:uuid:" + UUID.randomUUID();
        String fbcUrl = "urn:uuid:" + UUID.randomUUID();
        String placer = Api.unique("ICE");
        add(bundle, patientUrl, patient(nhsNumber));
        add(bundle, ueUrl, request("UE", new Reference(patientUrl), placer));
        add(bundle, fbcUrl, request("FBC", new Reference(patientUrl), placer));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), specimen(serum, "SER", ueUrl));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), specimen(edta, "EDTA", fbcUrl));
        return orderComms().transaction().withBundle(bundle).execute();
    }

    private static void add(Bundle bundle, String fullUrl, org.hl7.fhir.r4.model.Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    @Test
    void aTransactionPlacesTheOrderAndEverythingEmittedConformsToUkCore() {
        String nhs = Api.newNhsNumber();
        String serum = Api.unique("S");
        String edta = Api.unique("E");
        Bundle response = placeByTransaction(nhs, serum, edta);
        assertThat(response.getEntry()).hasSize(5);
        assertThat(response.getEntry()).allMatch(e -> e.getResponse().getStatus().startsWith("201"));
        Patient created = (Patient) response.getEntry().get(0).getResource();
        assertThat(created.hasName() || created.hasIdentifier() || created.hasBirthDate())
                .as("the sender is told where the patient is, not who: reading them back goes through the read policy").isFalse();
        ServiceRequest ue = (ServiceRequest) response.getEntry().get(1).getResource();
        ServiceRequest fullBloodCount = (ServiceRequest) response.getEntry().get(2).getResource();
        assertThat(List.of(ue.getCode().getCodingFirstRep().getCode(), fullBloodCount.getCode().getCodingFirstRep().getCode()))
                .as("each entry answers with its own request's test, in the order asked (not sorted by code)")
                .containsExactly("UE", "FBC");
        String accession = ue.getRequisition().getValue();
        assertThat(accession).startsWith("PG");

        // Through the lab: receive both tubes, the analyser sends U&E (all in range: autoverified and reported).
        Api lab = api("bench", "SCIENTIST");
        assertThat(lab.post("/api/specimens/" + serum + "/receipt", Map.of()).status()).isEqualTo(200);
        assertThat(lab.post("/api/specimens/" + edta + "/receipt", Map.of()).status()).isEqualTo(200);
        var recorded = lab.post("/api/results", Map.of("barcode", serum, "results", List.of(
                Map.of("analyte", "NA", "value", "140", "unit", "mmol/L"), Map.of("analyte", "K", "value", "5.9", "unit", "mmol/L"),
                Map.of("analyte", "UREA", "value", "5.2", "unit", "mmol/L"), Map.of("analyte", "CREA", "value", "80", "unit", "umol/L"))));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String heldPotassium = lab.get("/api/orders/" + accession + "/results").json().valueStream()
                .filter(r -> r.get("analyteCode").asString().equals("K")).findFirst().orElseThrow().get("id").asString();
        var authorised = api("consultant", "AUTHORISER").post("/api/results/" + heldPotassium + "/authorisation", Map.of("comment", "Checked"));
        assertThat(authorised.status()).as(authorised.body()).isEqualTo(200);
        var fbc = new ArrayList<Map<String, String>>();
        for (String[] v : new String[][]{{"HB", "140", "g/L"}, {"WBC", "6.1", "10*9/L"}, {"PLT", "250", "10*9/L"}, {"RBC", "4.8", "10*12/L"},
                {"HCT", "0.42", "L/L"}, {"MCV", "88", "fL"}, {"MCH", "29.5", "pg"}, {"MCHC", "335", "g/L"}, {"NEUT", "3.5", "10*9/L"},
                {"LYMPH", "2.0", "10*9/L"}, {"MONO", "0.5", "10*9/L"}, {"EOS", "0.2", "10*9/L"}, {"BASO", "0.05", "10*9/L"}}) {
            fbc.add(Map.of("analyte", v[0], "value", v[1], "unit", v[2]));
        }
        var fbcRecorded = lab.post("/api/results", Map.of("barcode", edta, "results", fbc));
        assertThat(fbcRecorded.status()).as(fbcRecorded.body()).isEqualTo(201);

        IGenericClient ward = client("ward-7", "REQUESTER", "RJ122");
        String nhsSearch = URLEncoder.encode(UkCore.NHS_NUMBER + "|" + nhs, StandardCharsets.UTF_8);
        Patient patient = single(ward.search().byUrl("Patient?identifier=" + nhsSearch).returnBundle(Bundle.class).execute(), Patient.class);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Adeyemi");
        String patientRef = "Patient/" + patient.getIdElement().getIdPart();

        List<ServiceRequest> requests = all(ward.search().byUrl("ServiceRequest?patient=" + patientRef + "&status=completed")
                .returnBundle(Bundle.class).execute(), ServiceRequest.class);
        assertThat(requests).extracting(r -> r.getCode().getCodingFirstRep().getCode()).containsExactlyInAnyOrder("UE", "FBC");
        List<Specimen> specimens = all(ward.search().byUrl("Specimen?subject:identifier=" + nhsSearch + "&status=available")
                .returnBundle(Bundle.class).execute(), Specimen.class);
        assertThat(specimens).hasSize(2);
        List<Observation> observations = all(ward.search().byUrl("Observation?subject:identifier=" + nhsSearch
                + "&category=laboratory&date=ge2020-01-01").returnBundle(Bundle.class).execute(), Observation.class);
        assertThat(observations).hasSize(17);
        Observation potassium = observations.stream().filter(o -> o.getCode().getCodingFirstRep().getCode().equals("2823-3")).findFirst().orElseThrow();
        assertThat(potassium.getValueQuantity().getValue()).isEqualByComparingTo("5.9");
        assertThat(potassium.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
        List<DiagnosticReport> reports = all(ward.search().byUrl("DiagnosticReport?patient=" + patientRef + "&category=LAB")
                .returnBundle(Bundle.class).execute(), DiagnosticReport.class);
        assertThat(reports).hasSize(1);
        assertThat(reports.getFirst().getResult()).hasSize(17);
        assertThat(ward.read().resource(Observation.class).withId(potassium.getIdElement().getIdPart()).execute()
                .getValueQuantity().getUnit()).isEqualTo("mmol/L");

        List<IBaseResource> emitted = new ArrayList<>();
        emitted.add(patient);
        emitted.addAll(requests);
        emitted.addAll(specimens);
        emitted.addAll(observations);
        emitted.addAll(reports);
        for (IBaseResource resource : emitted) {
            assertThat(UkCoreValidator.get().errors(resource)).as(resource.getIdElement().getValue()).isEmpty();
        }
    }

    @Test
    void theCapabilityStatementListsWhatIsSupported() {
        CapabilityStatement capability = orderComms().capabilities().ofType(CapabilityStatement.class).execute();
        var rest = capability.getRestFirstRep();
        assertThat(rest.getResource()).extracting(r -> r.getType())
                .contains("Patient", "ServiceRequest", "Specimen", "Observation", "DiagnosticReport");
        assertThat(rest.getInteraction()).extracting(i -> i.getCode().toCode()).contains("transaction");
        var serviceRequest = rest.getResource().stream().filter(r -> r.getType().equals("ServiceRequest")).findFirst().orElseThrow();
        assertThat(serviceRequest.getInteraction()).extracting(i -> i.getCode().toCode()).contains("create", "read", "search-type");
        assertThat(serviceRequest.getSupportedProfile()).extracting(p -> p.getValue()).containsExactly(UkCore.SERVICE_REQUEST_LAB);
        var observation = rest.getResource().stream().filter(r -> r.getType().equals("Observation")).findFirst().orElseThrow();
        assertThat(observation.getSearchParam()).extracting(p -> p.getName()).contains("patient", "subject", "status", "category", "date");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRequestTheLabCannotTakeIsRefusedWithAnOperationOutcomeAndWritesNothing(CapturedOutput output) {
        long events = eventCount();
        ServiceRequest noIntent = request("UE", new Reference().setIdentifier(new Identifier().setSystem(UkCore.NHS_NUMBER)
                .setValue(Api.newNhsNumber())), Api.unique("ICE"));
        noIntent.setIntent(null);
        assertRefused(() -> orderComms().create().resource(noIntent).execute(), 422, "intent");

        String secretName = "Zebedee" + Api.unique("Q");
        var leaky = api("ice-order-comms", "INTERFACE").post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":" + secretName + "}]}");
        assertThat(leaky.status()).isEqualTo(400);
        assertThat(output.getAll()).as("refused bodies are not logged").doesNotContain(secretName);

        Bundle invalidNhs = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(invalidNhs, "urn:uuid:p1", patient("9434765918"));
        add(invalidNhs, "urn:uuid:s1", request("UE", new Reference("urn:uuid:p1"), Api.unique("ICE")));
        assertRefused(() -> orderComms().transaction().withBundle(invalidNhs).execute(), 422, "NHS number");

        Bundle unknownTest = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(unknownTest, "urn:uuid:p2", patient(Api.newNhsNumber()));
        add(unknownTest, "urn:uuid:s2", request("UE", new Reference("urn:uuid:p2"), Api.unique("ICE")));
        add(unknownTest, "urn:uuid:s3", request("XRAY", new Reference("urn:uuid:p2"), Api.unique("ICE")));
        assertRefused(() -> orderComms().transaction().withBundle(unknownTest).execute(), 422, "XRAY");

        ServiceRequest wrongProfile = request("UE", new Reference().setIdentifier(new Identifier().setSystem(UkCore.NHS_NUMBER)
                .setValue(Api.newNhsNumber())), Api.unique("ICE"));
        wrongProfile.getMeta().getProfile().clear();
        wrongProfile.getMeta().addProfile("https://example.org/StructureDefinition/SomethingElse");
        assertRefused(() -> orderComms().create().resource(wrongProfile).execute(), 422, "profile");

        IGenericClient nobody = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        assertRefused(() -> nobody.search().byUrl("Observation?patient=Patient/x").returnBundle(Bundle.class).execute(),
                401, "Sign in");

        Api raw = api("ice-order-comms", "INTERFACE");
        var malformed = raw.post("/fhir/ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"status\":");
        assertThat(malformed.status()).isEqualTo(400);
        var unknownElement = raw.post("/fhir/ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"colour\":\"red\"}");
        assertThat(unknownElement.status()).isEqualTo(400);
        assertThat(unknownElement.body()).contains("OperationOutcome");
        var tooLarge = raw.post("/fhir/ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"note\":[{\"text\":\"" + "x".repeat(2_000_000) + "\"}]}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(eventCount()).isEqualTo(events);
    }

    private static void assertRefused(Runnable call, int status, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
            assertThat(e.getStatusCode()).as(e.getMessage()).isEqualTo(status);
            OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
            assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(reason);
        });
    }

    private static <T> T single(Bundle bundle, Class<T> type) {
        List<T> found = all(bundle, type);
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static <T> List<T> all(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
    }
}
