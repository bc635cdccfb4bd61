package org.pathguard.interop.hl7;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blood group takes only its code list and a number only the range possible in a patient, whichever door
 * the value comes through: the JSON API, an amendment, or an analyser's HL7 ORU. Barcodes are found in any case.
 */
class ResultValueDoorsTest extends LabServerTest {

    @Autowired
    MllpListener listener;

    @BeforeEach
    void registerTheSender() {
        loopbackHl7Sender("RJ122", "Y01234");
    }

    private Api scientist() {
        return api("bench.scientist", "SCIENTIST");
    }

    private Api analyser() {
        return api("analyser.cobas", "INTERFACE");
    }

    private String accession;

    /** An order through HL7 for the tests given, each tube received; returns the barcodes in the order of the tests. */
    private String[] orderedAndReceived(Mllp mllp, Person person, Request... requests) {
        String ack = mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person, "R", null, List.of(requests)));
        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        accession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
        String[] barcodes = new String[requests.length];
        for (int i = 0; i < requests.length; i++) {
            barcodes[i] = requests[i].barcode();
            assertThat(scientist().post("/api/specimens/" + barcodes[i] + "/receipt", Map.of()).status()).isEqualTo(200);
        }
        return barcodes;
    }

    private static Person newPerson() {
        return new Person(Api.newNhsNumber(), Api.unique("H"), "Mensah", "Ama", "19750611", "F", "SE5 9RS");
    }

    @Test
    void theApiTakesABloodGroupOnlyFromItsListAndNoImpossibleNumber() throws Exception {
        try (Mllp mllp = new Mllp(listener.port())) {
            String[] tubes = orderedAndReceived(mllp, newPerson(), new Request("GRP", Api.unique("E"), "EDTA"),
                    new Request("UE", Api.unique("S"), "SER"));
            var banana = analyser().post("/api/results", Map.of("barcode", tubes[0], "results", List.of(Map.of("analyte", "ABORH", "value", "banana"))));
            assertThat(banana.status()).isEqualTo(422);
            assertThat(banana.json().get("code").asString()).isEqualTo("not-in-code-list");
            assertThat(banana.json().get("detail").asString()).contains("O RhD positive", "AB RhD negative");

            var potassium = analyser().post("/api/results", Map.of("barcode", tubes[1], "results",
                    List.of(Map.of("analyte", "K", "value", "300", "unit", "mmol/L"))));
            assertThat(potassium.status()).isEqualTo(422);
            assertThat(potassium.json().get("code").asString()).isEqualTo("impossible-value");
            assertThat(potassium.json().get("detail").asString()).contains("between 0.5 and 20 mmol/L");

            // The lower-case barcode a scanner on Caps Lock types finds the tube.
            var group = analyser().post("/api/results", Map.of("barcode", tubes[0].toLowerCase(), "results",
                    List.of(Map.of("analyte", "ABORH", "value", "278147001"))));
            assertThat(group.status()).as(group.body()).isEqualTo(201);
            JsonNode recorded = scientist().get("/api/results/" + group.json().get(0).get("id").asString()).json();
            assertThat(recorded.get("measurement").get("value").asString()).isEqualTo("O RhD positive");
        }
    }

    @Test
    void anAmendmentIsJudgedByTheSameRules() throws Exception {
        try (Mllp mllp = new Mllp(listener.port())) {
            String[] tubes = orderedAndReceived(mllp, newPerson(), new Request("UE", Api.unique("S"), "SER"));
            var sent = analyser().post("/api/results", Map.of("barcode", tubes[0], "results",
                    List.of(Map.of("analyte", "NA", "value", "140", "unit", "mmol/L"))));
            String id = sent.json().get(0).get("id").asString();
            var amended = api("cs.smith", "AUTHORISER").post("/api/results/" + id + "/amendment",
                    Map.of("value", "1400", "unit", "mmol/L", "reason", "Transcription"));
            assertThat(amended.status()).isEqualTo(422);
            assertThat(amended.json().get("code").asString()).isEqualTo("impossible-value");
        }
    }

    @Test
    void anAnalysersOruIsRefusedForAnImpossibleNumberOrAGroupOffItsListAndTakenForACodedGroup() throws Exception {
        Person person = newPerson();
        try (Mllp mllp = new Mllp(listener.port())) {
            String[] tubes = orderedAndReceived(mllp, person, new Request("GRP", Api.unique("E"), "EDTA"),
                    new Request("UE", Api.unique("S"), "SER"));
            long events = eventCount();
            String impossible = mllp.send(SyntheticMessages.oru(Api.unique("ORU"), tubes[1], person.nhsNumber(),
                    List.of(new Observation("K", "L", "300", "mmol/L"))));
            assertThat(Mllp.field(impossible, "MSA", 1)).as(impossible).isEqualTo("AE");
            assertThat(Mllp.field(impossible, "ERR", 8)).contains("between 0.5 and 20 mmol/L");

            String banana = mllp.send(coded(tubes[0], person, "banana^^L"));
            assertThat(Mllp.field(banana, "MSA", 1)).as(banana).isEqualTo("AE");
            assertThat(Mllp.field(banana, "ERR", 8)).contains("must be one of");
            assertThat(eventCount()).isEqualTo(events);

            String group = mllp.send(coded(tubes[0], person, "278148006^O RhD negative^SCT"));
            assertThat(Mllp.field(group, "MSA", 1)).as(group).isEqualTo("AA");
            assertThat(scientist().get("/api/orders/" + accession + "/results").body()).contains("O RhD negative");
        }
    }

    /** An ORU with the blood group as a coded value (OBX-2 CWE), as a transfusion analyser sends it. */
    private static String coded(String barcode, Person person, String value) {
        return SyntheticMessages.oru(Api.unique("ORU"), barcode, person.nhsNumber(), List.of(new Observation("ABORH", "L", value, null)))
                .replace("|NM|ABORH", "|CWE|ABORH");
    }

    @Test
    void onlyTheLabManagerSetsWhomToPhoneAndEachChangeIsAnEvent() {
        Map<String, String> contact = Map.of("name", "Duty doctor", "phone", "020 7188 7188");
        assertThat(scientist().put("/api/requester-contacts/Y01234", contact).status()).isEqualTo(403);
        String changes = "select count(*) from event_log where event_type = 'RequesterContactSet'";
        long before = db.sql(changes).query(Long.class).single();
        var set = api("lab.manager", "LAB_MANAGER").put("/api/requester-contacts/y01234", contact);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("requesterOds").asString()).isEqualTo("Y01234");
        assertThat(set.json().get("setBy").asString()).startsWith("lab.manager");
        assertThat(db.sql(changes).query(Long.class).single()).isEqualTo(before + 1);
        assertThat(scientist().get("/api/requester-contacts").body()).contains("Duty doctor", "020 7188 7188");
        assertThat(set.json().get("setting").isNull()).isTrue();

        // The requester's setting, which the sitrep counts by, is set with the contact; a setting not in the list writes nothing.
        var ed = api("lab.manager", "LAB_MANAGER").put("/api/requester-contacts/Y01234",
                Map.of("name", "Resus", "bleep", "4412", "setting", "ED"));
        assertThat(ed.status()).as(ed.body()).isEqualTo(200);
        assertThat(ed.json().get("setting").asString()).isEqualTo("ED");
        assertThat(db.sql("select setting from requester_contact where requester_ods = 'Y01234'").query(String.class).single()).isEqualTo("ED");
        var moon = api("lab.manager", "LAB_MANAGER").put("/api/requester-contacts/Y01234",
                Map.of("name", "Resus", "bleep", "4412", "setting", "MOON"));
        assertThat(moon.status()).as(moon.body()).isEqualTo(400);
        assertThat(db.sql(changes).query(Long.class).single()).isEqualTo(before + 2);
    }

    @Test
    void aScanLongerThanAnyLabelIsRefusedInWords() {
        var r = scientist().post("/api/specimens/" + "7".repeat(3000) + "/receipt", Map.of());
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asString()).isEqualTo(
                "A barcode has at most 32 characters; this scan had 3000. Scan the tube again, or type the barcode printed under the bars");
    }
}
