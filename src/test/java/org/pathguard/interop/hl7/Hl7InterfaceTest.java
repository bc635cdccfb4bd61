package org.pathguard.interop.hl7;

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

class Hl7InterfaceTest extends LabServerTest {

    @Autowired
    MllpListener listener;

    @org.junit.jupiter.api.BeforeEach
    void registerTheSender() {
        loopbackHl7Sender("RJ122", "Y01234");
    }

    private Api reception() {
        return api("reception", "SCIENTIST");
    }

    static Person newPerson() {
        return new Person(Api.newNhsNumber(), Api.unique("H"), "Okafor", "Grace", "19800214", "F", "SE5 9RS");
    }

    /** An OML^O21 for U&E (serum) and FBC (EDTA). */
    private static String ueAndFbc(String control, Person person, String serum, String edta) {
        return SyntheticMessages.oml(control, "RJ122", Api.unique("P"), person, "R", "Tired all the time",
                List.of(new Request("UE", serum, "SER"), new Request("FBC", edta, "EDTA")));
    }

    @Test
    void anOrderRegistersThePatientAndTheAnswerCarriesTheAccession() throws Exception {
        Person person = newPerson();
        String serum = Api.unique("S");
        String edta = Api.unique("E");
        try (Mllp mllp = new Mllp(listener.port())) {
            String control = Api.unique("OML");
            String message = ueAndFbc(control, person, serum, edta);
            String ack = mllp.send(message);
            assertThat(Mllp.field(ack, "MSH", 9)).isEqualTo("ORL^O22^ORL_O22");
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            assertThat(Mllp.field(ack, "MSA", 2)).isEqualTo(control);
            String accession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
            assertThat(accession).startsWith("PG");

            JsonNode order = reception().get("/api/orders/" + accession).json();
            assertThat(order.get("requesterOds").asString()).isEqualTo("RJ122");
            assertThat(order.get("clinician").asString()).isEqualTo("Alice Jones (C3456789)");
            assertThat(order.get("clinicalDetails").asString()).isEqualTo("Tired all the time");
            assertThat(order.get("tests").toString()).contains("UE", "FBC");
            JsonNode patient = api("ward", "REQUESTER", "RJ122").post("/api/patients/search", Map.of("nhsNumber", person.nhsNumber())).json();
            assertThat(patient.toString()).contains("Okafor", "1980-02-14", "SE5 9RS");
            assertThat(reception().get("/api/specimens/" + serum).json().get("specimenType").asString()).isEqualTo("SER");

            // The same message again: the same answer, nothing new recorded.
            long events = eventCount();
            String again = mllp.send(message);
            assertThat(again).isEqualTo(ack);
            assertThat(eventCount()).isEqualTo(events);

            // A second order for the known patient does not register them again.
            String second = mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person, "S", null,
                    List.of(new Request("CRP", Api.unique("S"), "SER"))));
            assertThat(Mllp.field(second, "MSA", 1)).as(second).isEqualTo("AA");
            assertThat(db.sql("select count(*) from patient").query(Long.class).single())
                    .isEqualTo(db.sql("select count(distinct nhs_index) from patient").query(Long.class).single());
        }
    }

    @Test
    void anOlderOrderCommsSystemsOrmO01InVersion23IsTakenAndAnsweredWithOrrO02() throws Exception {
        Person person = newPerson();
        String placer = Api.unique("ORM");
        String orm = String.join("\r",
                SyntheticMessages.msh("TQUEST", "Y01234", "ORM^O01", Api.unique("C")).replace("|2.5.1", "|2.3"),
                SyntheticMessages.pid(person),
                SyntheticMessages.segment("ORC", Map.of(1, "NW", 2, placer, 7, "^^^^^S", 12, "G1234567^Patel^Ravi", 21, "Surgery^^^^^^^^^Y01234")),
                SyntheticMessages.segment("OBR", Map.of(1, "1", 2, placer, 4, "TROP^Troponin T^L", 13, "Central chest pain")));
        try (Mllp mllp = new Mllp(listener.port())) {
            String ack = mllp.send(orm);
            assertThat(Mllp.field(ack, "MSH", 9)).isEqualTo("ORR^O02^ORR_O02");
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            assertThat(Mllp.field(ack, "ORC", 2)).isEqualTo(placer);
            String accession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
            JsonNode order = reception().get("/api/orders/" + accession).json();
            assertThat(order.get("priority").asString()).isEqualTo("CRITICAL");
            assertThat(order.get("requesterOds").asString()).isEqualTo("Y01234");
            assertThat(order.get("placerOrderNumber").asString()).isEqualTo(placer);
            assertThat(order.get("tests").toString()).contains("TROP");
        }
    }

    @Test
    void analyserResultsGoThroughAutoverificationAndReleaseTheReport() throws Exception {
        Person person = newPerson();
        String serum = Api.unique("S");
        try (Mllp mllp = new Mllp(listener.port())) {
            String ack = mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person, "R", null,
                    List.of(new Request("UE", serum, "SER"))));
            String accession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
            assertThat(reception().post("/api/specimens/" + serum + "/receipt", Map.of()).status()).isEqualTo(200);

            String control = Api.unique("ORU");
            String resultAck = mllp.send(SyntheticMessages.oru(control, serum, person.nhsNumber(), List.of(
                    new Observation("2951-2", "LN", "140", "mmol/L"),
                    new Observation("K", "L", "4.1", "mmol/L"),
                    new Observation("UREA", "L", "5.2", "mmol/L"),
                    new Observation("CREA", "L", "80", "umol/L"))));
            assertThat(Mllp.field(resultAck, "MSH", 9)).isEqualTo("ACK^R01^ACK");
            assertThat(Mllp.field(resultAck, "MSA", 1)).as(resultAck).isEqualTo("AA");
            assertThat(Mllp.field(resultAck, "MSA", 2)).isEqualTo(control);

            JsonNode results = reception().get("/api/orders/" + accession + "/results").json();
            assertThat(results).hasSize(4);
            assertThat(results.toString()).contains("\"analyteCode\":\"NA\"", "\"value\":\"140\"", "\"status\":\"FINAL\"");
            JsonNode reports = api("ward", "REQUESTER", "RJ122").get("/api/orders/" + accession + "/reports").json();
            assertThat(reports).hasSize(1);
        }
    }

    @Test
    void aMessageWithContentTheLabCannotTakeIsRefusedWithTheReasonAndWritesNothing() throws Exception {
        Person person = newPerson();
        String serum = Api.unique("S");
        try (Mllp mllp = new Mllp(listener.port())) {
            mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person, "R", null,
                    List.of(new Request("UE", serum, "SER"))));
            reception().post("/api/specimens/" + serum + "/receipt", Map.of());
            long events = eventCount();

            assertRefused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), "NOSUCHTUBE", null,
                    List.of(new Observation("NA", "L", "140", "mmol/L")))), "AE", "204", "Unknown specimen");
            assertRefused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), serum, null,
                    List.of(new Observation("NA", "L", "140", "mmol/L"), new Observation("XYZ", "L", "1", "mmol/L")))),
                    "AE", "103", "'XYZ'");
            assertRefused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), serum, null,
                    List.of(new Observation("NA", "L", "140", "mg/dL")))), "AE", "102", "mmol/L");
            assertRefused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), serum, null,
                    List.of(new Observation("NA", "L", "high", "mmol/L")))), "AE", "102", "numeric");
            assertRefused(mllp.send(SyntheticMessages.oru(Api.unique("ORU"), serum, newPerson().nhsNumber(),
                    List.of(new Observation("NA", "L", "140", "mmol/L")))), "AE", "204", "not that of the patient");
            Person invalid = new Person("9434765918", null, "Doe", "Jan", "19700101", "M", null);
            assertRefused(mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), invalid, "R", null,
                    List.of(new Request("UE", Api.unique("S"), "SER")))), "AE", "102", "NHS number");
            assertRefused(mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), newPerson(), "R", null,
                    List.of(new Request("NOPE", Api.unique("S"), "SER")))), "AE", "103", "Unknown test code 'NOPE'");
            Person differentBirthDate = new Person(person.nhsNumber(), null, "Okafor", "Grace", "19810214", "F", null);
            assertRefused(mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), differentBirthDate, "R", null,
                    List.of(new Request("CRP", Api.unique("S"), "SER")))), "AE", "204", "different family name or date of birth");

            assertRefused(mllp.send(SyntheticMessages.msh("X", "Y", "ORU^R01^ORU_R01", "V1").replace("2.5.1", "2.8")
                    + "\rOBR|1"), "AR", "203", "version '2.8'");
            assertRefused(mllp.send("PID|1||123"), "AR", "100", "MSH");
            assertRefused(mllp.send(SyntheticMessages.msh("X", "Y", "ADT^A01^ADT_A01", "T1") + "\rPID|1"), "AR", "200", "ADT^A01");
            assertRefused(mllp.send(SyntheticMessages.msh("X", "Y", "ORU^R01^ORU_R01", "M1") + "\rOBR|1|\rOBX|1|NM|NA^^L||140|mmol/L|||||F|"),
                    "AE", "101", "names the specimen");
            // Nothing the messages asked for; only the audit of the date of birth that did not match (a possible guess).
            assertThat(eventCount()).isEqualTo(events + 1);
            assertThat(db.sql("select event_type from event_log order by seq desc limit 1").query(String.class).single())
                    .isEqualTo("PatientIdentificationRefused");
        }
    }

    @Test
    void theListenerSurvivesGarbageOversizedMessagesAndClientsThatHangUpMidMessage() throws Exception {
        long events = eventCount();
        try (Mllp garbage = new Mllp(listener.port())) {
            garbage.sendRaw("GET / HTTP/1.1\r\n\r\n".getBytes());
            garbage.sendRaw(new byte[]{0x1C, 0x0D});
            assertRefused(garbage.receive(), "AR", "100", "MLLP frame");
        }
        try (Mllp hangsUp = new Mllp(listener.port())) {
            hangsUp.sendRaw(("\u000b" + SyntheticMessages.msh("X", "Y", "ORU^R01^ORU_R01", "HALF")).getBytes());
        }
        try (Mllp big = new Mllp(listener.port())) {
            String huge = SyntheticMessages.msh("LIMS", "BIG", "ORU^R01^ORU_R01", "BIG1") + "\rNTE|1||" + "x".repeat(10 * 1024 * 1024);
            assertRefused(big.send(huge), "AR", "207", "larger than the limit");
            assertThat(Mllp.field(big.send(SyntheticMessages.msh("X", "Y", "ADT^A01^ADT_A01", "NEXT")), "MSA", 2))
                    .as("the same connection goes on after an oversized message").isEqualTo("NEXT");
        }
        try (Mllp other = new Mllp(listener.port())) {
            Person person = newPerson();
            String ack = other.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person, "A", null,
                    List.of(new Request("CRP", Api.unique("S"), "SER"))));
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        }
        assertThat(eventCount()).as("only the last, valid order was recorded").isGreaterThan(events);
    }

    @Test
    void theSameMessageOnTwoConnectionsAtOnceIsRecordedOnceAndBothGetItsAnswer() throws Exception {
        Person person = newPerson();
        String serum = Api.unique("S");
        String edta = Api.unique("E");
        String accession;
        try (Mllp mllp = new Mllp(listener.port())) {
            accession = Mllp.field(mllp.send(ueAndFbc(Api.unique("OML"), person, serum, edta)), "ORC", 3).split("\\^")[0];
        }
        reception().post("/api/specimens/" + serum + "/receipt", Map.of());
        reception().post("/api/specimens/" + edta + "/receipt", Map.of());
        String ue = SyntheticMessages.oru(Api.unique("ORU"), serum, null, List.of(new Observation("NA", "L", "140", "mmol/L"),
                new Observation("K", "L", "4.1", "mmol/L"), new Observation("UREA", "L", "5.2", "mmol/L"),
                new Observation("CREA", "L", "80", "umol/L")));
        List<Observation> blood = new java.util.ArrayList<>();
        for (String[] v : new String[][]{{"HB", "140", "g/L"}, {"WBC", "6.1", "10*9/L"}, {"PLT", "250", "10*9/L"},
                {"RBC", "4.8", "10*12/L"}, {"HCT", "0.42", "L/L"}, {"MCV", "88", "fL"}, {"MCH", "29.5", "pg"},
                {"MCHC", "335", "g/L"}, {"NEUT", "3.5", "10*9/L"}, {"LYMPH", "2.0", "10*9/L"}, {"MONO", "0.5", "10*9/L"},
                {"EOS", "0.2", "10*9/L"}, {"BASO", "0.05", "10*9/L"}}) {
            blood.add(new Observation(v[0], "L", v[1], v[2]));
        }
        String fbc = SyntheticMessages.oru(Api.unique("ORU"), edta, null, blood);
        // Four connections at once: the U&E message twice, the FBC message twice. Between them they
        // complete the order, though no single message does.
        List<String> sent = List.of(ue, ue, fbc, fbc);
        var acks = new java.util.concurrent.ConcurrentHashMap<Integer, String>();
        var start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> senders = new java.util.ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            int n = i;
            senders.add(Thread.ofPlatform().start(() -> {
                try (Mllp mllp = new Mllp(listener.port())) {
                    start.await();
                    acks.put(n, mllp.send(sent.get(n)));
                } catch (Exception e) {
                    acks.put(n, "failed: " + e);
                }
            }));
        }
        start.countDown();
        for (Thread t : senders) {
            t.join();
        }
        for (int i = 0; i < sent.size(); i++) {
            assertThat(Mllp.field(acks.get(i), "MSA", 1)).as(acks.get(i)).isEqualTo("AA");
        }
        assertThat(acks.get(1)).as("a resend at the same moment gets the first answer").isEqualTo(acks.get(0));
        assertThat(acks.get(3)).isEqualTo(acks.get(2));
        assertThat(reception().get("/api/orders/" + accession + "/results").json()).hasSize(17);
        JsonNode reports = api("ward", "REQUESTER", "RJ122").get("/api/orders/" + accession + "/reports").json();
        assertThat(reports).as("released once, when the second message's results were committed").hasSize(1);
    }

    static void assertRefused(String ack, String code, String errorCode, String reason) {
        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo(code);
        assertThat(Mllp.field(ack, "ERR", 3)).as(ack).startsWith(errorCode + "^");
        assertThat(Mllp.field(ack, "ERR", 8)).as(ack).contains(reason);
    }
}
