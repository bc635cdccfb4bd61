package org.pathguard;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.cli.DemoAtRestTest;
import org.pathguard.database.DatabaseServer;
import org.pathguard.interop.hl7.Mllp;
import org.pathguard.interop.hl7.MllpListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wrong-patient proof: tubes swapped, barcodes and accessions reused for another patient, another patient's NHS
 * number in a result, a control id resent with other content, a result overtaking its order, and records merged or
 * corrected after their results, over real MLLP, real FHIR HTTP and the REST API. Each case lands on the patient it
 * belongs to or is refused with the reason, and a refusal writes nothing. The clinical safety hazard log names these
 * methods.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrongPatientProofTest extends LabServerTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String ORDER_COMMS_ODS = "RJ122";
    private static final Random RANDOM = new Random();

    @Autowired
    MllpListener listener;

    @Autowired
    DatabaseServer database;

    @Autowired
    org.pathguard.eventlog.EventLog eventLog;

    @BeforeEach
    void registerTheSenderAndSignIn() {
        loopbackHl7Sender(ORDER_COMMS_ODS);
        // Signed in before any test counts what it appends (a machine's first sign-in issues its credential).
        List.of(ward(), lab(), manager(), orderComms(), api("wp.analyser", "INTERFACE")).forEach(signedIn -> { });
    }

    /** A patient as registered: their pseudonymous id and what identifies them. */
    record Person(String id, String nhsNumber, String familyName, String givenName, String dateOfBirth, String sex) {

        SyntheticMessages.Person inMessages() {
            return new SyntheticMessages.Person(nhsNumber, null, familyName, givenName, dateOfBirth.replace("-", ""),
                    sex.substring(0, 1), null);
        }
    }

    /** A tube of an order, received in the lab. */
    record Tube(String accession, String barcode, String orderId) {
    }

    private Api ward() {
        return api("wp.ward", "REQUESTER");
    }

    private Api lab() {
        return api("wp.scientist", "SCIENTIST");
    }

    private Api manager() {
        return api("wp.manager", "LAB_MANAGER");
    }

    private Api orderComms() {
        return api("wp.order-comms", "INTERFACE");
    }

    private Person register(String familyName, String dateOfBirth, String sex) {
        String nhs = Api.newNhsNumber();
        var r = ward().post("/api/patients", Map.of("nhsNumber", nhs, "familyName", familyName, "givenName", "Grace",
                "dateOfBirth", dateOfBirth, "sex", sex));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Person(r.json().get("id").asString(), nhs, familyName, "Grace", dateOfBirth, sex);
    }

    private Person register() {
        return register(Api.randomName(10), "1980-02-14", "FEMALE");
    }

    /** An order for {@code test} placed through the API with one tube, received in the lab. */
    private Tube orderAndReceive(Person person, String test, String specimenType) {
        String barcode = Api.unique("WP");
        var placed = ward().post("/api/orders", Map.of("patientId", person.id(), "requesterOds", PRACTICE, "clinician", "Dr Who",
                "priority", "ROUTINE", "placerOrderNumber", Api.unique("PL"), "tests", List.of(test),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", specimenType))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var received = lab().post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        return new Tube(placed.json().get("accession").asString(), barcode, placed.json().get("id").asString());
    }

    private JsonNode results(String accession) {
        var r = lab().get("/api/orders/" + accession + "/results");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static SyntheticMessages.Observation sodium(String value) {
        return new SyntheticMessages.Observation("NA", "L", value, "mmol/L");
    }

    private long lastSequence() {
        return db.sql("select coalesce(max(seq), 0) from event_log").query(Long.class).single();
    }

    /** What was appended after {@code sequence}: a refusal appends nothing. */
    private List<String> appendedSince(long sequence) {
        return db.sql("select event_type from event_log where seq > ? order by seq").param(sequence).query(String.class).list();
    }

    private static void assertHl7Refused(String ack, String code, String errorCode, String reason) {
        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo(code);
        assertThat(Mllp.field(ack, "ERR", 3)).as(ack).startsWith(errorCode + "^");
        assertThat(Mllp.field(ack, "ERR", 8)).as(ack).contains(reason);
    }

    private static void assertProblem(Api.Response response, int status, String reason) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).contains("json");
        assertThat(response.body()).contains(reason);
    }

    @Test
    void swappedTubesAreCaughtByTheDeltaCheckAndThePatientInTheMessage() throws Exception {
        Person a = register();
        Person b = register();
        // Each has a sodium on file, 11 mmol/L apart (the delta limit is 10), both in the reference range.
        try (Mllp mllp = new Mllp(listener.port())) {
            Tube earlierA = orderAndReceive(a, "UE", "SER");
            Tube earlierB = orderAndReceive(b, "UE", "SER");
            assertThat(Mllp.field(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), earlierA.barcode(), a.nhsNumber(),
                    List.of(sodium("134")))), "MSA", 1)).isEqualTo("AA");
            assertThat(Mllp.field(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), earlierB.barcode(), b.nhsNumber(),
                    List.of(sodium("145")))), "MSA", 1)).isEqualTo("AA");
            assertThat(results(earlierA.accession()).get(0).get("status").asString()).isEqualTo("FINAL");

            Tube tubeA = orderAndReceive(a, "UE", "SER");
            Tube tubeB = orderAndReceive(b, "UE", "SER");
            long before = lastSequence();
            // The analyser read the tubes the wrong way round and sends each patient's identity with the other's tube.
            assertHl7Refused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), tubeA.barcode(), b.nhsNumber(), List.of(sodium("145")))),
                    "AE", "204", "not that of the patient whose specimen this is");
            assertHl7Refused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), tubeB.barcode(), a.nhsNumber(), List.of(sodium("134")))),
                    "AE", "204", "not that of the patient whose specimen this is");
            assertThat(appendedSince(before)).as("a refused result writes nothing").isEmpty();
            assertThat(results(tubeA.accession())).isEmpty();
            assertThat(results(tubeB.accession())).isEmpty();

            // Without PID-3 nothing in the message names the patient: the delta check holds both, and neither is released.
            assertThat(Mllp.field(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), tubeA.barcode(), null, List.of(sodium("145")))),
                    "MSA", 1)).isEqualTo("AA");
            assertThat(Mllp.field(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), tubeB.barcode(), null, List.of(sodium("134")))),
                    "MSA", 1)).isEqualTo("AA");
            for (Tube tube : List.of(tubeA, tubeB)) {
                JsonNode held = results(tube.accession()).get(0);
                assertThat(held.get("status").asString()).as("a swapped tube is never autoverified").isEqualTo("PRELIMINARY");
                assertThat(held.get("holdReasons").toString()).contains("DELTA_EXCEEDED");
                assertThat(lab().get("/api/orders/" + tube.accession() + "/reports").json()).as("no report released").isEmpty();
            }
        }
    }

    @Test
    void aBarcodeAlreadyOnAnotherPatientsTubeIsRefused() throws Exception {
        Person a = register();
        Person b = register();
        Tube tubeA = orderAndReceive(a, "CRP", "SER");
        String barcode = tubeA.barcode();
        // An order for B whose tube is not yet labelled: the doors below try to put A's label on it.
        var placedForB = ward().post("/api/orders", Map.of("patientId", b.id(), "requesterOds", PRACTICE, "clinician", "Dr Who",
                "priority", "ROUTINE", "tests", List.of("UE")));
        assertThat(placedForB.status()).as(placedForB.body()).isEqualTo(201);
        String accessionB = placedForB.json().get("accession").asString();
        long before = lastSequence();

        // The API: a new order for B, and a tube added to B's order, each with A's barcode (and in another case).
        for (String reused : List.of(barcode, barcode.toLowerCase())) {
            assertProblem(ward().post("/api/orders", Map.of("patientId", b.id(), "requesterOds", PRACTICE, "clinician", "Dr Who",
                    "priority", "ROUTINE", "tests", List.of("UE"), "specimens", List.of(Map.of("barcode", reused, "specimenType", "SER")))),
                    409, "already on another specimen");
            assertProblem(ward().post("/api/orders/" + accessionB + "/specimens", Map.of("barcode", reused, "specimenType", "SER")),
                    409, "already on another specimen");
        }
        // HL7: order communications sends B's order with A's tube.
        try (Mllp mllp = new Mllp(listener.port())) {
            assertHl7Refused(mllp.send(SyntheticMessages.oml(Api.unique("OML"), ORDER_COMMS_ODS, Api.unique("P"), b.inMessages(), "R",
                    null, List.of(new SyntheticMessages.Request("UE", barcode, "SER")))), "AE", "205", "already on another specimen");
        }
        // FHIR: a transaction for B whose Specimen carries A's barcode.
        assertProblem(fhirTransaction(new Reference("Patient/" + b.id()), Api.unique("ICE"), "UE", barcode, null), 409,
                "already on another specimen");

        assertThat(appendedSince(before)).as("nothing written by any refused door").isEmpty();
        JsonNode tube = lab().get("/api/specimens/" + barcode).json();
        assertThat(tube.get("orderId").asString()).as("the tube is still A's").isEqualTo(tubeA.orderId());
        assertThat(db.sql("select count(*) from specimen where upper(barcode) = upper(?)").param(barcode).query(Long.class).single())
                .isEqualTo(1);
        assertThat(db.sql("select count(*) from lab_order where patient_id = ?::uuid").param(b.id()).query(Long.class).single())
                .as("B has only the order placed before").isEqualTo(1);
    }

    @Test
    void aResultNamingAnotherPatientsNhsNumberIsRefusedOnEveryDoor() throws Exception {
        Person a = register();
        Person b = register();
        Tube tubeA = orderAndReceive(a, "UE", "SER");
        long before = lastSequence();
        try (Mllp mllp = new Mllp(listener.port())) {
            // HL7 ORU: PID-3 names B (or nobody registered) on A's tube.
            assertHl7Refused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), tubeA.barcode(), b.nhsNumber(), List.of(sodium("140")))),
                    "AE", "204", "not that of the patient whose specimen this is");
            assertHl7Refused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), tubeA.barcode(), Api.newNhsNumber(),
                    List.of(sodium("140")))), "AE", "204", "not that of the patient whose specimen this is");
        }
        // FHIR takes no results: an Observation for B is refused whether posted alone or in a transaction.
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "2951-2", "Sodium")));
        observation.setSubject(new Reference().setIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/nhs-number")
                .setValue(b.nhsNumber())));
        observation.addIdentifier().setValue(tubeA.barcode());
        var posted = orderComms().post("/fhir/Observation", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(observation));
        assertThat(posted.status()).as(posted.body()).isBetween(400, 499);
        Bundle withObservation = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(withObservation, "urn:uuid:" + UUID.randomUUID(), observation);
        assertProblem(orderComms().post("/fhir", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(withObservation)),
                422, "not Observation");
        // FHIR order: a tube whose subject is B on an order for A.
        assertProblem(fhirTransaction(new Reference("Patient/" + a.id()), Api.unique("ICE"), "UE", Api.unique("WP"),
                new Reference("Patient/" + b.id())), 422, "Specimen.subject names another patient");
        // The API takes results by tube only (the tube names the patient); an order naming A's NHS number with B's
        // name and birth date identifies nobody.
        assertProblem(ward().post("/api/orders", Map.of("nhsNumber", a.nhsNumber(), "familyName", b.familyName(),
                "dateOfBirth", "1980-02-15", "requesterOds", PRACTICE, "clinician", "Dr Who", "priority", "ROUTINE",
                "tests", List.of("CRP"))), 422, "No registered patient has this NHS number");

        assertThat(appendedSince(before)).as("only the audit of an identification that failed (a possible guess)")
                .containsOnly("PatientIdentificationRefused");
        assertThat(results(tubeA.accession())).isEmpty();
        assertThat(db.sql("select count(*) from result where patient_id = ?::uuid").param(b.id()).query(Long.class).single()).isZero();
    }

    @Test
    void aResentControlIdWithDifferentContentIsRefused() throws Exception {
        Person a = register();
        Person b = register();
        Tube tubeA = orderAndReceive(a, "UE", "SER");
        Tube tubeB = orderAndReceive(b, "UE", "SER");
        String control = Api.unique("ORU");
        try (Mllp mllp = new Mllp(listener.port())) {
            String message = SyntheticMessages.oru(control, tubeA.barcode(), a.nhsNumber(), List.of(sodium("140")));
            String ack = mllp.send(message);
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            long before = lastSequence();

            assertThat(mllp.send(message)).as("an identical resend gets the first answer").isEqualTo(ack);
            // Under the same control id: another value for A, and B's identity with B's tube.
            assertHl7Refused(mllp.send(SyntheticMessages.oru(control, tubeA.barcode(), a.nhsNumber(), List.of(sodium("141")))),
                    "AR", "205", "used before");
            String forB = mllp.send(SyntheticMessages.oru(control, tubeB.barcode(), b.nhsNumber(), List.of(sodium("140"))));
            assertHl7Refused(forB, "AR", "205", "a resend must be the same message");
            assertThat(forB).isNotEqualTo(ack);
            assertThat(appendedSince(before)).as("nothing written twice, nothing written for the different content").isEmpty();
        }
        JsonNode filed = results(tubeA.accession());
        assertThat(filed).hasSize(1);
        assertThat(filed.get(0).get("measurement").get("value").asString()).isEqualTo("140");
        assertThat(results(tubeB.accession())).isEmpty();
    }

    @Test
    void aResultOvertakingItsOrderIsRefusedAndLandsWhenResent() throws Exception {
        SyntheticMessages.Person person = new SyntheticMessages.Person(Api.newNhsNumber(), null, Api.randomName(9), "Grace", "19800214", "F", null);
        String barcode = Api.unique("WP");
        String control = Api.unique("ORU");
        String result = SyntheticMessages.oru(control, barcode, person.nhsNumber(), List.of(sodium("140")));
        try (Mllp mllp = new Mllp(listener.port())) {
            long before = lastSequence();
            assertHl7Refused(mllp.send(result), "AE", "204", "Unknown specimen");
            assertThat(appendedSince(before)).as("a result before its order is not kept anywhere").isEmpty();

            String orderAck = mllp.send(SyntheticMessages.oml(Api.unique("OML"), ORDER_COMMS_ODS, Api.unique("P"), person, "R", null,
                    List.of(new SyntheticMessages.Request("UE", barcode, "SER"))));
            assertThat(Mllp.field(orderAck, "MSA", 1)).as(orderAck).isEqualTo("AA");
            String accession = Mllp.field(orderAck, "ORC", 3).split("\\^")[0];
            before = lastSequence();
            assertHl7Refused(mllp.send(result), "AE", "205", "has not been received in the lab yet");
            assertThat(appendedSince(before)).isEmpty();

            assertThat(lab().post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
            String landed = mllp.send(result);
            assertThat(Mllp.field(landed, "MSA", 1)).as(landed).isEqualTo("AA");
            String patientId = lab().post("/api/patients/search", Map.of("nhsNumber", person.nhsNumber())).json().get(0).get("id").asString();
            JsonNode filed = results(accession);
            assertThat(filed).hasSize(1);
            assertThat(filed.get(0).get("patientId").asString()).as("on the patient of the order").isEqualTo(patientId);
        }
    }

    @Test
    void anAccessionOnTubesOfTwoPatientsIsRefused() throws Exception {
        Person a = register();
        Person b = register();
        String preprinted = "WP" + (1000000 + RANDOM.nextInt(8999999)) + "X";
        String placer = Api.unique("PL");
        var forA = ward().post("/api/orders", Map.of("patientId", a.id(), "requesterOds", PRACTICE, "clinician", "Dr Who",
                "priority", "ROUTINE", "accession", preprinted, "placerOrderNumber", placer, "tests", List.of("UE"),
                "specimens", List.of(Map.of("barcode", Api.unique("WP"), "specimenType", "SER"))));
        assertThat(forA.status()).as(forA.body()).isEqualTo(201);
        long before = lastSequence();

        // The API: B's order with A's pre-printed accession, or with A's placer order number from the same requester.
        assertProblem(ward().post("/api/orders", Map.of("patientId", b.id(), "requesterOds", PRACTICE, "clinician", "Dr Who",
                "priority", "ROUTINE", "accession", preprinted, "tests", List.of("UE"))), 409, "already in use");
        assertProblem(ward().post("/api/orders", Map.of("patientId", b.id(), "requesterOds", PRACTICE, "clinician", "Dr Who",
                "priority", "ROUTINE", "placerOrderNumber", placer, "tests", List.of("UE"))), 409, "was already received");
        assertThat(appendedSince(before)).isEmpty();

        try (Mllp mllp = new Mllp(listener.port())) {
            String hl7Placer = Api.unique("P");
            String ackA = mllp.send(SyntheticMessages.oml(Api.unique("OML"), ORDER_COMMS_ODS, hl7Placer, a.inMessages(), "R", null,
                    List.of(new SyntheticMessages.Request("CRP", Api.unique("WP"), "SER"))));
            assertThat(Mllp.field(ackA, "MSA", 1)).as(ackA).isEqualTo("AA");
            String accessionA = Mllp.field(ackA, "ORC", 3).split("\\^")[0];
            before = lastSequence();
            // HL7: B's order under the placer number of A's order.
            assertHl7Refused(mllp.send(SyntheticMessages.oml(Api.unique("OML"), ORDER_COMMS_ODS, hl7Placer, b.inMessages(), "R", null,
                    List.of(new SyntheticMessages.Request("CRP", Api.unique("WP"), "SER")))), "AE", "205", "was already received");
            // FHIR: B's order under the placer number order communications gave A's.
            assertProblem(fhirTransaction(new Reference("Patient/" + b.id()), hl7Placer, "CRP", Api.unique("WP"), null), 409,
                    "was already received");
            assertThat(appendedSince(before)).as("never joined to A's order, nothing written").isEmpty();
            JsonNode orderA = lab().get("/api/orders/" + accessionA).json();
            assertThat(orderA.get("patientId").asString()).isEqualTo(a.id());
            assertThat(orderA.get("tests").toString()).isEqualTo("[\"CRP\"]");
        }
        // A result naming A's accession (OBR-3, SPM-2) with B's identity: refused, nothing filed.
        String tubeA = db.sql("select s.barcode from specimen s join lab_order o on o.id = s.order_id where o.accession = ?")
                .param(preprinted).query(String.class).single();
        assertThat(lab().post("/api/specimens/" + tubeA + "/receipt", Map.of()).status()).isEqualTo(200);
        try (Mllp mllp = new Mllp(listener.port())) {
            before = lastSequence();
            assertHl7Refused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), preprinted, b.nhsNumber(), List.of(sodium("140")))),
                    "AE", "204", "not that of the patient whose specimen this is");
            assertThat(appendedSince(before)).isEmpty();
        }
        assertThat(db.sql("select count(*) from lab_order where patient_id = ?::uuid").param(b.id()).query(Long.class).single()).isZero();
    }

    @Test
    void resultsFollowAPatientMergedOrCorrectedAfterThem(CapturedOutput output) throws Exception {
        String typo = Api.randomName(11);
        String family = Api.randomName(11);
        Person duplicate = register(typo, "1975-06-30", "FEMALE");
        Person survivor = register(family, "1975-06-30", "FEMALE");
        Tube duplicateTube = orderAndReceive(duplicate, "UE", "SER");
        Tube survivorTube = orderAndReceive(survivor, "CRP", "SER");
        assertThat(api("wp.analyser", "INTERFACE").post("/api/results", Map.of("barcode", duplicateTube.barcode(),
                "results", List.of(Map.of("analyte", "NA", "value", "140", "unit", "mmol/L")))).status()).isEqualTo(201);
        assertThat(api("wp.analyser", "INTERFACE").post("/api/results", Map.of("barcode", survivorTube.barcode(),
                "results", List.of(Map.of("analyte", "CRP", "value", "3", "unit", "mg/L")))).status()).isEqualTo(201);
        JsonNode sodiumBefore = results(duplicateTube.accession()).get(0);

        // Only a lab manager corrects, always with a reason; a correction of nothing is refused.
        long before = lastSequence();
        assertThat(ward().post("/api/patients/" + duplicate.id() + "/correction", Map.of("familyName", family, "reason", "x")).status())
                .isEqualTo(403);
        assertProblem(manager().post("/api/patients/" + duplicate.id() + "/correction", Map.of("familyName", family)), 422, "must say why in words");
        assertThat(appendedSince(before)).doesNotContain("PatientCorrected", "AccessAlertRaised");

        var corrected = manager().post("/api/patients/" + duplicate.id() + "/correction", Map.of("familyName", family,
                "reason", "Family name mistyped at registration; checked against the request form"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(corrected.json().get("familyName").asString()).isEqualTo(family);
        assertThat(lab().get("/api/patients/" + duplicate.id()).json().get("familyName").asString()).isEqualTo(family);

        // Two NHS numbers: refused until the reason says which one was wrong; nothing is written.
        before = lastSequence();
        assertProblem(manager().post("/api/patients/" + duplicate.id() + "/merge", Map.of("survivorId", survivor.id(),
                "reason", "Same person registered twice")), 422, "say which record's number is wrong");
        assertThat(appendedSince(before)).doesNotContain("PatientsMerged", "AccessAlertRaised");
        assertThat(db.sql("select merged_into from patient where id = ?::uuid").param(duplicate.id()).query(UUID.class).optional()
                .filter(java.util.Objects::nonNull)).isEmpty();

        var merged = manager().post("/api/patients/" + duplicate.id() + "/merge", Map.of("survivorId", survivor.id(),
                "nhsNumberInError", "DUPLICATE", "reason", "Registered twice; the duplicate's NHS number was a temporary A&E number"));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.json().get("id").asString()).isEqualTo(survivor.id());
        assertThat(merged.json().get("nhsNumber").asString()).isEqualTo(survivor.nhsNumber());

        // The duplicate's order and result are the survivor's: the order, its results, the cumulative view and FHIR.
        assertThat(lab().get("/api/orders/" + duplicateTube.accession()).json().get("patientId").asString()).isEqualTo(survivor.id());
        JsonNode sodiumAfter = results(duplicateTube.accession()).get(0);
        assertThat(sodiumAfter.get("patientId").asString()).isEqualTo(survivor.id());
        assertThat(sodiumAfter.get("measurement")).as("a released result keeps its value and flags").isEqualTo(sodiumBefore.get("measurement"));
        String cumulative = lab().get("/api/patients/" + survivor.id() + "/cumulative").body();
        assertThat(cumulative).contains(duplicateTube.accession(), survivorTube.accession());
        String fhir = lab().get("/fhir/Observation?patient=Patient/" + survivor.id()).body();
        assertThat(fhir).contains(sodiumAfter.get("id").asString());
        String fhirByNhs = lab().get("/fhir/Observation?subject:identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + survivor.nhsNumber()).body();
        assertThat(fhirByNhs).contains(sodiumAfter.get("id").asString());
        assertThat(lab().post("/api/patients/search", Map.of("nhsNumber", duplicate.nhsNumber())).json())
                .as("the wrong number finds no record now").isEmpty();

        // The duplicate takes no new order: refused naming the survivor; the result with its old number is refused too.
        before = lastSequence();
        assertProblem(ward().post("/api/orders", Map.of("patientId", duplicate.id(), "requesterOds", PRACTICE, "clinician", "Dr Who",
                "priority", "ROUTINE", "tests", List.of("CRP"))), 422, "merged into patient " + survivor.id());
        assertProblem(fhirTransaction(new Reference("Patient/" + duplicate.id()), Api.unique("ICE"), "CRP", Api.unique("WP"), null),
                422, "merged into patient " + survivor.id());
        assertThat(manager().post("/api/patients/" + duplicate.id() + "/merge", Map.of("survivorId", survivor.id(),
                "nhsNumberInError", "DUPLICATE", "reason", "Registered twice, merging again")).status()).isEqualTo(409);
        Tube secondTube = orderAndReceive(survivor, "UE", "SER");
        before = lastSequence();
        try (Mllp mllp = new Mllp(listener.port())) {
            assertHl7Refused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), secondTube.barcode(), duplicate.nhsNumber(),
                    List.of(sodium("140")))), "AE", "204", "not that of the patient");
        }
        assertThat(appendedSince(before)).isEmpty();

        // A correction of sex re-judges nothing: the released result keeps its value and flags; reads show the correction.
        var sexCorrected = manager().post("/api/patients/" + survivor.id() + "/correction", Map.of("sex", "MALE",
                "reason", "Sex recorded wrongly by the requester"));
        assertThat(sexCorrected.status()).as(sexCorrected.body()).isEqualTo(200);
        assertThat(results(duplicateTube.accession()).get(0).get("measurement")).isEqualTo(sodiumBefore.get("measurement"));
        assertThat(lab().get("/fhir/Patient/" + survivor.id()).body()).contains("\"gender\":\"male\"");

        // The record shows what changed and why; the privacy officer was told of each change.
        JsonNode survivorChanges = lab().get("/api/patients/" + survivor.id() + "/changes").json();
        assertThat(survivorChanges.toString()).contains("MERGED_FROM", duplicate.id(), "temporary A&E number", "CORRECTED", "\"sex\"");
        assertThat(survivorChanges.toString()).as("the duplicate's own correction is on the survivor's record too")
                .contains("\"familyName\"", "MERGED_INTO", "Family name mistyped").doesNotContain(typo);
        assertThat(db.sql("select kind from access_alert where principal like 'wp.manager%' order by event_sequence").query(String.class).list())
                .containsSubsequence("PATIENT_CORRECTED", "PATIENTS_MERGED", "PATIENT_CORRECTED");
        assertThat(db.sql("select detail from access_alert where kind in ('PATIENT_CORRECTED', 'PATIENTS_MERGED')").query(String.class).list())
                .noneMatch(d -> d.contains(typo) || d.contains(family) || d.contains(duplicate.nhsNumber()));
        assertThat(output.getAll()).doesNotContain(typo, family, duplicate.nhsNumber(), survivor.nhsNumber());

        // The tables are projections: replaying the log gives the same records, owners and changes.
        List<String> mergedState = mergeState(duplicate, survivor);
        eventLog.rebuild();
        assertThat(mergeState(duplicate, survivor)).isEqualTo(mergedState);
        assertThat(lab().get("/api/patients/" + survivor.id()).json().get("sex").asString()).isEqualTo("MALE");
        assertThat(lab().post("/api/patients/search", Map.of("nhsNumber", survivor.nhsNumber())).json().get(0).get("id").asString())
                .isEqualTo(survivor.id());
    }

    private List<String> mergeState(Person duplicate, Person survivor) {
        return db.sql("""
                        select 'patient ' || id || ' ' || coalesce(merged_into::text, '-') || ' ' || (nhs_index is null) from patient
                        where id in (?::uuid, ?::uuid)
                        union all select 'order ' || id || ' ' || patient_id from lab_order where patient_id in (?::uuid, ?::uuid)
                        union all select 'result ' || id || ' ' || patient_id || ' ' || status from result where patient_id in (?::uuid, ?::uuid)
                        union all select 'change ' || patient_id || ' ' || kind || ' ' || coalesce(fields, '') from patient_change
                        where patient_id in (?::uuid, ?::uuid)
                        order by 1""")
                .params(duplicate.id(), survivor.id(), duplicate.id(), survivor.id(), duplicate.id(), survivor.id(), duplicate.id(),
                        survivor.id())
                .query(String.class).list();
    }

    @Test
    void malformedCorrectionsAndMergesAreRefusedIn4xxAndWriteNothing() {
        Person person = register();
        orderAndReceive(person, "CRP", "SER");
        long before = lastSequence();
        String correction = "/api/patients/" + person.id() + "/correction";
        String merge = "/api/patients/" + person.id() + "/merge";
        assertProblem(manager().post(correction, "application/json", "{\"sex\": \"BOTH\", \"reason\": \"x\"}"), 400, "");
        assertProblem(manager().post(correction, "application/json", "{\"dateOfBirth\": \"yesterday\", \"reason\": \"x\"}"), 400, "");
        assertProblem(manager().post(correction, "application/json", "[]"), 400, "");
        assertProblem(manager().post("/api/patients/not-a-uuid/correction", Map.of("sex", "MALE", "reason", "x")), 400, "");
        assertProblem(manager().post(correction, Map.of("nhsNumber", "1234567890", "reason", "Mistyped at registration, checked with the ward")), 422, "NHS number");
        assertProblem(manager().post(correction, Map.of("familyName", "Robert'); drop table patient;--", "reason", "Mistyped at registration, checked with the ward")), 422,
                "familyName");
        assertProblem(manager().post(correction, Map.of("familyName", "Smith", "reason", "line\nbreak")), 422, "one line");
        assertProblem(manager().post(merge, "application/json", "{\"survivorId\": \"x\", \"reason\": \"x\"}"), 400, "");
        assertProblem(manager().post(merge, "application/json", "{\"survivorId\": \"" + UUID.randomUUID()
                + "\", \"nhsNumberInError\": \"BOTH\", \"reason\": \"x\"}"), 400, "");
        assertProblem(manager().post(merge, Map.of("reason", "x")), 422, "survivorId");
        assertProblem(manager().post(merge, Map.of("survivorId", UUID.randomUUID().toString(), "reason", "x")), 404, "No patient");
        assertProblem(manager().post(merge, Map.of("survivorId", person.id(), "nhsNumberInError", "DUPLICATE", "reason", "Mistyped at registration, checked with the ward")), 422,
                "not merged into itself");
        assertThat(appendedSince(before)).doesNotContain("PatientCorrected", "PatientsMerged", "AccessAlertRaised");
    }

    @Test
    void correctedAndOldDemographicsAreNeverAtRestInClear() throws Exception {
        String before = Api.randomName(12);
        String after = Api.randomName(12);
        Person person = register(before, "1931-04-19", "FEMALE");
        orderAndReceive(person, "CRP", "SER");
        String corrected = Api.newNhsNumber();
        var r = manager().post("/api/patients/" + person.id() + "/correction", Map.of("familyName", after, "nhsNumber", corrected,
                "dateOfBirth", "1931-04-20", "reason", "Transcribed from the wrong form; " + after + " confirmed by phone"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(lab().post("/api/patients/search", Map.of("nhsNumber", corrected)).json().get(0).get("id").asString()).isEqualTo(person.id());
        assertThat(lab().post("/api/patients/search", Map.of("nhsNumber", person.nhsNumber())).json()).isEmpty();
        db.sql("checkpoint").update();

        Set<String> secrets = new HashSet<>(Set.of(before, after, person.nhsNumber(), corrected, "1931-04-19", "1931-04-20", "19310419",
                "19310420"));
        String dump = DemoAtRestTest.dump(database);
        assertThat(dump).contains("COPY public.patient_change");
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(DemoAtRestTest.decodeHex(dump)), secrets))
                .as("patient values in clear in pg_dump").isEmpty();
        for (Path file : DemoAtRestTest.regularFiles(DATA_DIR.resolve("postgres"))) {
            Set<String> tokens = DemoAtRestTest.tokens(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            assertThat(DemoAtRestTest.found(tokens, secrets)).as("patient values in clear in " + file).isEmpty();
        }
    }

    /** A FHIR order transaction: one ServiceRequest for {@code test} with its serum tube, the tube's subject if given. */
    private Api.Response fhirTransaction(Reference subject, String placer, String test, String barcode, Reference tubeSubject) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String requestUrl = "urn:uuid:" + UUID.randomUUID();
        ServiceRequest request = new ServiceRequest();
        request.getMeta().addProfile("https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest-Lab");
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
        request.setCode(new CodeableConcept(new Coding("https://pathguard.nhs.uk/CodeSystem/lab-test", test, null)));
        request.setSubject(subject);
        request.addIdentifier().setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "PLAC", null)))
                .setSystem("https://ice.example.nhs.uk/order").setValue(placer);
        PractitionerRole requester = new PractitionerRole();
        requester.setId("requester");
        requester.setPractitioner(new Reference().setDisplay("Dr Priya Shah"));
        requester.setOrganization(new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/ods-organization-code").setValue(ORDER_COMMS_ODS)));
        request.addContained(requester);
        request.setRequester(new Reference("#requester"));
        add(bundle, requestUrl, request);
        Specimen tube = new Specimen();
        tube.addIdentifier().setSystem("https://pathguard.nhs.uk/Id/specimen-barcode").setValue(barcode);
        tube.setType(new CodeableConcept(new Coding("https://pathguard.nhs.uk/CodeSystem/specimen-type", "SER", null)));
        tube.addRequest(new Reference(requestUrl));
        tube.getCollection().setCollected(new DateTimeType(Date.from(Instant.now().minus(1, ChronoUnit.HOURS))));
        if (tubeSubject != null) {
            tube.setSubject(tubeSubject);
        }
        add(bundle, "urn:uuid:" + UUID.randomUUID(), tube);
        return orderComms().post("/fhir", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(bundle));
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }
}
