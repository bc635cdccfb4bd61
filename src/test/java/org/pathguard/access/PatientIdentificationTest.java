package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.MllpListener;
import org.pathguard.interop.hl7.Mllp;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of issue 13 on ordering and registration: a care relationship bought with an NHS
 * number, orders by NHS number alone, the date-of-birth oracle, specimens added to another
 * organisation's order. Each is tried on every door it could come through.
 */
class PatientIdentificationTest extends LabServerTest {

    private static final String OTHER_PRACTICE = "G85026";
    private static final String FAMILY = "Nwosu";
    private static final String BORN = "1968-11-23";

    @Autowired
    MllpListener listener;

    /** A patient registered and ordered for by {@code requesterOds}: their id, NHS number and accession. */
    private String[] patientOrderedBy(String requesterOds) {
        Api orderComms = api("identification.order-comms", "INTERFACE");
        String nhs = Api.newNhsNumber();
        var patient = orderComms.post("/api/patients", Map.of("nhsNumber", nhs, "familyName", FAMILY, "givenName", "Chidi",
                "dateOfBirth", BORN, "sex", "MALE", "postcode", "SE15 5EW"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String id = patient.json().get("id").asString();
        var order = orderComms.post("/api/orders", Map.of("patientId", id, "requesterOds", requesterOds, "clinician", "Dr A",
                "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        return new String[]{id, nhs, order.json().get("accession").asString()};
    }

    private static String serviceRequestByNhsNumber(String nhs, String ods) {
        return """
                {"resourceType":"ServiceRequest","status":"active","intent":"order","priority":"routine",
                 "contained":[{"resourceType":"PractitionerRole","id":"r1","practitioner":{"display":"Dr Mallory"},
                   "organization":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"%s"}}}],
                 "code":{"coding":[{"system":"https://pathguard.nhs.uk/CodeSystem/lab-test","code":"CRP"}]},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "requester":{"reference":"#r1"}}""".formatted(ods, nhs);
    }

    private long ordersFor(String patientId) {
        return db.sql("select count(*) from lab_order where patient_id = ?::uuid").param(patientId).query(Long.class).single();
    }

    private long refusalsOf(String principal) {
        return db.sql("select count(*) from identification_refusal where principal = ?").param(principal).query(Long.class).single();
    }

    private long alerts(String principal, String kind) {
        return db.sql("select count(*) from access_alert where principal = ? and kind = ?").param(principal).param(kind)
                .query(Long.class).single();
    }

    @Test
    void aGpCannotBuyACareRelationshipWithAnNhsNumberThroughFhir() {
        String[] p = patientOrderedBy(OTHER_PRACTICE);
        Api gp = api("dr.mallory", "REQUESTER");
        var attack = gp.post("/fhir/ServiceRequest", serviceRequestByNhsNumber(p[1], PRACTICE));
        assertThat(attack.status()).as(attack.body()).isEqualTo(422);
        assertThat(attack.body()).contains("OperationOutcome", "NHS number alone").doesNotContain(p[0]);
        assertThat(ordersFor(p[0])).as("no order, so no care relationship").isEqualTo(1);
        assertThat(gp.get("/api/patients/" + p[0]).status()).isEqualTo(403);
        assertThat(gp.get("/api/patients/" + p[0] + "/cumulative").status()).isEqualTo(403);

        var unknown = gp.post("/fhir/ServiceRequest", serviceRequestByNhsNumber(Api.newNhsNumber(), PRACTICE));
        assertThat(unknown.status()).as("an unregistered number gets the same answer: no existence oracle").isEqualTo(422);
        assertThat(unknown.body()).contains("NHS number alone");

        var machine = api("identification.fhir-machine", "INTERFACE").post("/fhir/ServiceRequest",
                serviceRequestByNhsNumber(p[1], PRACTICE));
        assertThat(machine.status()).as("machines too").isEqualTo(422);
        assertThat(ordersFor(p[0])).isEqualTo(1);
    }

    @Test
    void anOrderByNhsNumberNeedsTheFamilyNameAndDateOfBirthThatAgreeForEveryRole() {
        String[] p = patientOrderedBy(OTHER_PRACTICE);
        for (Api orderer : List.of(api("identification.machine", "INTERFACE"), api("dr.identifier", "REQUESTER"),
                api("bms.identifier", "SCIENTIST"))) {
            var alone = orderer.post("/api/orders", Map.of("nhsNumber", p[1], "requesterOds", PRACTICE, "clinician", "Dr O",
                    "priority", "ROUTINE", "tests", List.of("CRP")));
            assertThat(alone.status()).as(alone.body()).isEqualTo(422);
            assertThat(alone.body()).contains("familyName", "dateOfBirth").doesNotContain(p[0]);

            var wrongBirth = orderer.post("/api/orders", Map.of("nhsNumber", p[1], "familyName", FAMILY, "dateOfBirth", "1968-11-24",
                    "requesterOds", PRACTICE, "clinician", "Dr O", "priority", "ROUTINE", "tests", List.of("CRP")));
            assertThat(wrongBirth.status()).as(wrongBirth.body()).isEqualTo(422);
            assertThat(wrongBirth.body()).contains("patient-not-identified").doesNotContain(p[0]);

            var unregistered = orderer.post("/api/orders", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", FAMILY,
                    "dateOfBirth", BORN, "requesterOds", PRACTICE, "clinician", "Dr O", "priority", "ROUTINE", "tests", List.of("CRP")));
            assertThat(unregistered.json().get("detail").asString()).as("not registered reads the same as wrong details")
                    .isEqualTo(wrongBirth.json().get("detail").asString());
        }
        assertThat(ordersFor(p[0])).isEqualTo(1);

        Api gp = api("dr.identifier", "REQUESTER");
        var identified = gp.post("/api/orders", Map.of("nhsNumber", p[1], "familyName", FAMILY.toUpperCase(), "dateOfBirth", BORN,
                "requesterOds", PRACTICE, "clinician", "Dr O", "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(identified.status()).as("who knows the patient may order for them").isEqualTo(201);
        assertThat(gp.get("/api/patients/" + p[0]).status()).isEqualTo(200);
    }

    @Test
    void theRequestFormOnTheScreensIdentifiesThePatientTheSameWay() {
        String[] p = patientOrderedBy(OTHER_PRACTICE);
        Api gp = api("dr.screens", "REQUESTER");
        Map<String, String> form = new java.util.HashMap<>(Map.ofEntries(Map.entry("nhsNumber", p[1]), Map.entry("familyName", FAMILY),
                Map.entry("givenName", "Chidi"), Map.entry("bornDay", "1"), Map.entry("bornMonth", "1"), Map.entry("bornYear", "1970"),
                Map.entry("sex", "MALE"), Map.entry("clinician", "Dr Screens"), Map.entry("priority", "ROUTINE"), Map.entry("tests", "UE")));
        var taken = java.time.ZonedDateTime.now(org.pathguard.lab.LabTime.ZONE).minusMinutes(10);
        form.putAll(Map.of("collectedDay", String.valueOf(taken.getDayOfMonth()), "collectedMonth", String.valueOf(taken.getMonthValue()),
                "collectedYear", String.valueOf(taken.getYear()), "collectedTime", "%02d:%02d".formatted(taken.getHour(), taken.getMinute())));
        var guessed = gp.postForm("/orders", form);
        assertThat(guessed.status()).isEqualTo(409);
        assertThat(guessed.body()).contains("different family name or date of birth").doesNotContain(p[0]);
        assertThat(refusalsOf("dr.screens")).isEqualTo(1);
        assertThat(ordersFor(p[0])).isEqualTo(1);

        form.putAll(Map.of("bornDay", "23", "bornMonth", "11", "bornYear", "1968"));
        var known = gp.postForm("/orders", form);
        assertThat(known.status()).as("who knows the patient may order for them").isEqualTo(302);
        assertThat(ordersFor(p[0])).isEqualTo(2);
    }

    @Test
    void walkingConsecutiveNhsNumbersWithOrdersIsFlagged() {
        Api walker = api("identification.walker", "INTERFACE");
        long first = 999_300_000L + (long) (Math.random() * 10_000) * 10;
        int sent = 0;
        for (long nine = first; sent < 5; nine++) {
            var nhs = org.pathguard.lab.NhsNumber.withCheckDigit(String.valueOf(nine));
            if (nhs.isEmpty()) {
                continue;
            }
            var order = walker.post("/api/orders", Map.of("nhsNumber", nhs.get().value(), "familyName", FAMILY, "dateOfBirth", BORN,
                    "requesterOds", PRACTICE, "clinician", "Dr W", "priority", "ROUTINE", "tests", List.of("CRP")));
            assertThat(order.status()).isEqualTo(422);
            sent++;
        }
        assertThat(alerts("identification.walker", "CONSECUTIVE_IDENTIFIERS")).isEqualTo(1);
        assertThat(refusalsOf("identification.walker")).isEqualTo(5);
    }

    @Test
    void guessingDatesOfBirthByRegistrationIsCountedAlertedThenRefusedEvenWhenRight() {
        String[] p = patientOrderedBy(OTHER_PRACTICE);
        Api guesser = api("dr.guesser", "REQUESTER");
        for (int day = 1; day <= 5; day++) {
            var guess = guesser.post("/api/patients", Map.of("nhsNumber", p[1], "familyName", FAMILY, "givenName", "Chidi",
                    "dateOfBirth", "1968-11-0" + day, "sex", "MALE"));
            assertThat(guess.status()).isEqualTo(409);
            assertThat(guess.body()).doesNotContain(p[0]);
        }
        assertThat(refusalsOf("dr.guesser")).isEqualTo(5);
        assertThat(alerts("dr.guesser", "IDENTITY_GUESSING")).isEqualTo(1);
        assertThat(db.sql("select flagged_for_review from account where username = 'dr.guesser'").query(Boolean.class).single()).isTrue();

        var right = guesser.post("/api/patients", Map.of("nhsNumber", p[1], "familyName", FAMILY, "givenName", "Chidi",
                "dateOfBirth", BORN, "sex", "MALE"));
        assertThat(right.status()).as("the right guess, once throttled, gets nothing").isEqualTo(429);
        assertThat(right.body()).contains("identification-throttled").doesNotContain(p[0]);
        var order = guesser.post("/api/orders", Map.of("nhsNumber", p[1], "familyName", FAMILY, "dateOfBirth", BORN,
                "requesterOds", PRACTICE, "clinician", "Dr G", "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(order.status()).isEqualTo(429);
        assertThat(refusalsOf("dr.guesser")).as("refusals while throttled are recorded too").isEqualTo(7);
        assertThat(ordersFor(p[0])).isEqualTo(1);
        assertThat(alerts("dr.guesser", "IDENTITY_GUESSING")).as("one alert, not a flood").isEqualTo(1);
    }

    @Test
    void guessingDatesOfBirthOverHl7IsThrottledToo() throws Exception {
        String[] p = patientOrderedBy(OTHER_PRACTICE);
        String ods = "Y77701";
        // An order communications system of its own (Linux routes all of 127/8 to loopback): the one the test throttles.
        String address = "127.0.0.77";
        hl7Senders().configure(Actor.SYSTEM, new Hl7Sender("identification.guesser", null, address, List.of(ods), List.of()));
        String principal = "hl7:identification.guesser";
        long before = refusalsOf(principal);
        int limit = 25;
        try (Mllp mllp = new Mllp(address, listener.port())) {
            for (int i = 0; i < limit; i++) {
                String born = "19" + (40 + i) + "1123";
                String ack = mllp.send(SyntheticMessages.oml(Api.unique("GUESS"), ods, Api.unique("P"),
                        new SyntheticMessages.Person(p[1], null, FAMILY, "Chidi", born, "M", null), "R", null,
                        List.of(new SyntheticMessages.Request("CRP", null, null))));
                assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
                assertThat(ack).doesNotContain("ORC");
            }
            String right = mllp.send(SyntheticMessages.oml(Api.unique("GUESS"), ods, Api.unique("P"),
                    new SyntheticMessages.Person(p[1], null, FAMILY, "Chidi", BORN.replace("-", ""), "M", null), "R", null,
                    List.of(new SyntheticMessages.Request("CRP", null, null))));
            assertThat(Mllp.field(right, "MSA", 1)).as(right).isEqualTo("AE");
            assertThat(Mllp.field(right, "ERR", 3)).startsWith("206");
            assertThat(right).contains("Too many attempts").doesNotContain("ORC");
        }
        assertThat(refusalsOf(principal) - before).isEqualTo(limit + 1);
        assertThat(alerts(principal, "IDENTITY_GUESSING")).isEqualTo(1);
        assertThat(ordersFor(p[0])).isEqualTo(1);
    }

    @Test
    void aClinicianCannotAddSpecimensToAnotherOrganisationsOrder() {
        String[] p = patientOrderedBy(OTHER_PRACTICE);
        Api gp = api("dr.tubes", "REQUESTER");
        var attack = gp.post("/api/orders/" + p[2] + "/specimens", Map.of("barcode", Api.unique("T"), "specimenType", "EDTA"));
        assertThat(attack.status()).as(attack.body()).isEqualTo(404);
        assertThat(attack.body()).as("the wrong tube does not list the tests ordered").doesNotContain("CRP");
        assertThat(db.sql("select count(*) from specimen s join lab_order o on o.id = s.order_id where o.accession = ?")
                .param(p[2]).query(Long.class).single()).isZero();

        var own = api("dr.tubes.owner", "REQUESTER", OTHER_PRACTICE)
                .post("/api/orders/" + p[2] + "/specimens", Map.of("barcode", Api.unique("T"), "specimenType", "SER"));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
    }

    @Test
    void namesAndTypedTextHaveSaneLengthsAndCharactersOnEveryDoor() throws Exception {
        Api orderComms = api("identification.names", "INTERFACE");
        for (String family : List.of("Smith\r\nPID|1||9990000018", "Smith|Jones", "Sm^ith", "x".repeat(900_000 / 2), "")) {
            var refused = orderComms.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", family,
                    "givenName", "Ann", "dateOfBirth", BORN, "sex", "FEMALE"));
            assertThat(refused.status()).as(refused.body()).isIn(413, 422);
        }
        var accepted = orderComms.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", "O’Brien-Ní Mhaoláin",
                "givenName", "Anne-Marie St. Clair", "dateOfBirth", BORN, "sex", "FEMALE"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        String id = accepted.json().get("id").asString();
        var longDetails = orderComms.post("/api/orders", Map.of("patientId", id, "requesterOds", PRACTICE, "clinician", "Dr A",
                "priority", "ROUTINE", "tests", List.of("CRP"), "clinicalDetails", "x".repeat(2001)));
        assertThat(longDetails.status()).isEqualTo(422);
        var clinician = orderComms.post("/api/orders", Map.of("patientId", id, "requesterOds", PRACTICE, "clinician", "Dr A\rOBX|1",
                "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(clinician.status()).isEqualTo(422);
        assertThat(ordersFor(id)).isZero();

        loopbackHl7Sender("RJ122");
        try (Mllp mllp = new Mllp(listener.port())) {
            String ack = mllp.send(SyntheticMessages.oml(Api.unique("NAME"), "RJ122", Api.unique("P"),
                    new SyntheticMessages.Person(Api.newNhsNumber(), null, "Q".repeat(200), "Ann", "19700101", "F", null), "R", null,
                    List.of(new SyntheticMessages.Request("CRP", null, null))));
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
            assertThat(ack).contains("longer than 80");
        }
    }

    @Test
    void aBreakGlassReasonMustSayWhyInWords() {
        String[] p = patientOrderedBy(OTHER_PRACTICE);
        Api gp = api("dr.dots", "REQUESTER");
        for (String reason : List.of("..........", "aaaaaaaaaaaa", "1234567890 1234", "x x x x x x x")) {
            var refused = gp.withHeader("X-PathGuard-Break-Glass", reason).get("/api/patients/" + p[0]);
            assertThat(refused.status()).as(reason).isEqualTo(403);
            assertThat(refused.body()).contains("in words").doesNotContain(FAMILY);
        }
        var read = gp.withHeader("X-PathGuard-Break-Glass", "Collapsed in surgery, no notes").get("/api/patients/" + p[0]);
        assertThat(read.status()).isEqualTo(200);
    }
}
