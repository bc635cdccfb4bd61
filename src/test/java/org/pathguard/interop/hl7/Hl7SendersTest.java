package org.pathguard.interop.hl7;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathguard.interop.hl7.Hl7InterfaceTest.assertRefused;

/**
 * Issue 13, item 3: the attacks on the MLLP port, over real sockets. Linux routes all of 127.0.0.0/8 to loopback, so
 * a connection from 127.0.0.x is a sender at another address: 127.0.0.1 is the registered test sender, the others are
 * an unregistered stranger, an order-comms system for RJ122 only and a haematology analyser.
 */
class Hl7SendersTest extends LabServerTest {

    private static final String STRANGER = "127.0.0.7";
    private static final String RJ122_ORDER_COMMS = "127.0.0.8";
    private static final String HAEMATOLOGY_ANALYSER = "127.0.0.9";

    @Autowired
    MllpListener listener;

    @BeforeEach
    void registerTheSenders() {
        loopbackHl7Sender("RJ122", PRACTICE);
        hl7Senders().configure(Actor.SYSTEM, new Hl7Sender("test.ordercomms-rj122", null, RJ122_ORDER_COMMS, List.of("RJ122"), List.of()));
        hl7Senders().configure(Actor.SYSTEM, new Hl7Sender("test.analyser-haem", null, HAEMATOLOGY_ANALYSER, List.of(), List.of("Haematology")));
    }

    private static Person person() {
        return new Person(Api.newNhsNumber(), Api.unique("H"), "Okafor", "Grace", "19800214", "F", "SE5 9RS");
    }

    private static String order(String control, String requester, Person person) {
        return SyntheticMessages.oml(control, requester, Api.unique("P"), person, "R", null,
                List.of(new Request("CRP", Api.unique("S"), "SER")));
    }

    private String send(String from, String message) {
        try (Mllp mllp = new Mllp(from, listener.port())) {
            return mllp.send(message);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long ordersFor(String requester) {
        return db.sql("select count(*) from lab_order where requester_ods = ?").param(requester).query(Long.class).single();
    }

    /**
     * Attack (a): from an address no one registered, OML^O21 for G85001 with a known NHS number and guessed dates of
     * birth. Before, a wrong date got AE "different family name or date of birth" and the right one an order (and so
     * a care relationship for G85001). Now every guess gets the same AR, before the patient is looked at, and nothing
     * is written; an order-comms system registered for RJ122 only fares the same for G85001.
     */
    @Test
    void attackA_noDateOfBirthOracleAndNoOrdersFromAnUnregisteredAddressOrForAnotherRequester() {
        Person patient = person();
        assertThat(Mllp.field(send("127.0.0.1", order(Api.unique("OML"), "RJ122", patient)), "MSA", 1)).isEqualTo("AA");
        long events = eventCount();
        long g85001 = ordersFor(PRACTICE);
        for (String from : new String[]{STRANGER, RJ122_ORDER_COMMS}) {
            List<String> reasons = new java.util.ArrayList<>();
            for (String birthDate : new String[]{"19800213", "19800214", "19800215"}) {
                Person guess = new Person(patient.nhsNumber(), null, "Okafor", "Grace", birthDate, "F", null);
                String ack = send(from, order(Api.unique("OML"), PRACTICE, guess));
                assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AR");
                assertThat(ack).doesNotContain("date of birth", patient.nhsNumber()).doesNotContain("ORC|");
                reasons.add(Mllp.field(ack, "ERR", 8));
            }
            assertThat(reasons).as("the right date of birth is answered as the wrong ones are").containsOnly(reasons.getFirst());
            assertThat(reasons.getFirst()).contains(from.equals(STRANGER) ? "address " + STRANGER + ") is not registered"
                    : "registered to order for [RJ122], not for G85001");
        }
        assertThat(ordersFor(PRACTICE)).isEqualTo(g85001);
        assertThat(eventCount()).as("nothing written").isEqualTo(events);
    }

    /**
     * Attack (b): another sender's MSH-3/MSH-4 and MSH-10 with different content. Before, that got the first
     * sender's ORL^O22 back, with its PID (NHS number) and accession. Now the stranger gets AR naming only itself;
     * a registered sender's message is its own, never answered from another sender's; and the first sender itself
     * gets AR for different content under a used control id.
     */
    @Test
    void attackB_reusingAnotherSendersControlIdNeverReturnsItsAcknowledgement() {
        Person patient = person();
        String control = Api.unique("OML");
        String first = send("127.0.0.1", order(control, "RJ122", patient));
        String accession = Mllp.field(first, "ORC", 3).split("\\^")[0];
        long events = eventCount();

        String stolen = send(STRANGER, order(control, "RJ122", person()));
        assertRefused(stolen, "AR", "204", "is not registered");
        assertThat(stolen).doesNotContain(patient.nhsNumber(), accession).doesNotContain("PID|");
        assertThat(send(STRANGER, order(control, "RJ122", patient))).as("not even the same text").doesNotContain(accession);
        assertThat(eventCount()).isEqualTo(events);

        String other = send(RJ122_ORDER_COMMS, order(control, "RJ122", person()));
        assertThat(Mllp.field(other, "MSA", 1)).as(other).isEqualTo("AA");
        assertThat(other).as("its own order, not the first sender's").doesNotContain(patient.nhsNumber(), accession);
    }

    /**
     * Attack (c): ORU^R01 results for a received specimen from an unregistered address, and from senders that may not
     * send them: order comms, and an analyser of another department. Before, the first was accepted and
     * autoverified. Now each gets AR and the specimen has no results.
     */
    @Test
    void attackC_resultsAreTakenOnlyFromAnalysersOfTheirDepartment() {
        Person patient = person();
        String serum = Api.unique("S");
        String ack = send("127.0.0.1", SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), patient, "R", null,
                List.of(new Request("CRP", serum, "SER"))));
        String accession = Mllp.field(ack, "ORC", 3).split("\\^")[0];
        Api reception = api("reception", "SCIENTIST");
        assertThat(reception.post("/api/specimens/" + serum + "/receipt", Map.of()).status()).isEqualTo(200);
        long events = eventCount();

        String results = SyntheticMessages.oru(Api.unique("ORU"), serum, patient.nhsNumber(), List.of(new Observation("CRP", "L", "250", "mg/L")));
        assertRefused(send(STRANGER, results), "AR", "204", "address " + STRANGER + ") is not registered");
        assertRefused(send(RJ122_ORDER_COMMS, results), "AR", "200", "not registered to send results");
        assertRefused(send(HAEMATOLOGY_ANALYSER, results), "AR", "103",
                "registered to send results for [Haematology]; CRP is measured in Clinical biochemistry");
        assertThat(eventCount()).as("nothing written").isEqualTo(events);
        assertThat(reception.get("/api/orders/" + accession + "/results").json()).isEmpty();

        assertThat(Mllp.field(send("127.0.0.1", results), "MSA", 1)).as("the registered analyser's results are taken").isEqualTo("AA");
    }

    @Test
    void aPlainSenderWhoseAddressIsNotRegisteredIsRefusedWhateverItSends() {
        long events = eventCount();
        for (String message : List.of(order(Api.unique("OML"), "RJ122", person()),
                SyntheticMessages.msh("LIMS", "X", "ADT^A01^ADT_A01", "A1") + "\rPID|1", "not HL7 at all")) {
            assertRefused(send("127.0.0.11", message), "AR", "204", "address 127.0.0.11) is not registered as an HL7 sender");
        }
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void anAnalyserSendingAnOrderIsRefused() {
        long events = eventCount();
        assertRefused(send(HAEMATOLOGY_ANALYSER, order(Api.unique("OML"), "RJ122", person())), "AR", "200",
                "HL7 sender test.analyser-haem is not registered to send orders");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void orderCommunicationsSendingResultsAreRefused() {
        long events = eventCount();
        assertRefused(send(RJ122_ORDER_COMMS, SyntheticMessages.oru(Api.unique("ORU"), "ANYTUBE", null,
                List.of(new Observation("HB", "L", "140", "g/L")))), "AR", "200", "HL7 sender test.ordercomms-rj122 is not registered to send results");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void aResendGetsTheFirstAcknowledgementOnlyWhenItsContentIsTheSame() {
        String control = Api.unique("OML");
        String message = order(control, "RJ122", person());
        String first = send("127.0.0.1", message);
        assertThat(Mllp.field(first, "MSA", 1)).isEqualTo("AA");
        long events = eventCount();

        assertThat(send("127.0.0.1", message)).as("the same message again: the first answer").isEqualTo(first);
        String different = send("127.0.0.1", order(control, "RJ122", person()));
        assertRefused(different, "AR", "205", "was used before by ICE^RJ122 for a different message");
        assertThat(different).doesNotContain("PID|", Mllp.field(first, "ORC", 3));
        assertThat(eventCount()).as("nothing written by either").isEqualTo(events);
    }

    /** The directory through the administrator's API: every change a notice to the privacy officer; no one else changes it. */
    @Test
    void theAdministratorKeepsTheDirectoryAndThePrivacyOfficerHearsOfEveryChange() {
        Api admin = api("hl7.admin", "ADMINISTRATOR", LAB);
        String name = "ordercomms." + Api.unique("x").toLowerCase();
        var put = admin.put("/api/admin/hl7-senders/" + name, Map.of("address", "127.0.0.12", "requesters", List.of("rj122"),
                "departments", List.of()));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("requesters").toString()).isEqualTo("[\"RJ122\"]");
        assertThat(admin.get("/api/admin/hl7-senders").body()).contains(name, "127.0.0.12");
        assertThat(db.sql("select count(*) from access_alert where kind = 'HL7_SENDER_CHANGED' and detail like ?")
                .param("%" + name + "%").query(Long.class).single()).isEqualTo(1);
        assertThat(Mllp.field(send("127.0.0.12", order(Api.unique("OML"), "RJ122", person())), "MSA", 1)).isEqualTo("AA");

        var twoIdentities = admin.put("/api/admin/hl7-senders/" + name, Map.of("address", "127.0.0.12", "certificate", "x",
                "requesters", List.of("RJ122")));
        assertThat(twoIdentities.status()).isEqualTo(422);
        assertThat(twoIdentities.body()).contains("exactly one of certificate");
        assertThat(admin.put("/api/admin/hl7-senders/" + name + "-b", Map.of("address", "127.0.0.12", "requesters", List.of("RJ122")))
                .status()).as("one address, one sender").isEqualTo(409);
        assertThat(admin.put("/api/admin/hl7-senders/" + name, Map.of("address", "127.0.0.12", "departments", List.of("Astrology")))
                .body()).contains("not in the catalogue");
        for (Api other : List.of(api("hl7.machine", "INTERFACE", LAB), api("hl7.manager", "LAB_MANAGER"))) {
            assertThat(other.put("/api/admin/hl7-senders/intruder", Map.of("address", "127.0.0.13", "requesters", List.of("G85001")))
                    .status()).isEqualTo(403);
        }

        assertThat(admin.delete("/api/admin/hl7-senders/" + name).status()).isEqualTo(204);
        assertRefused(send("127.0.0.12", order(Api.unique("OML"), "RJ122", person())), "AR", "204", "is not registered");
        assertThat(db.sql("select count(*) from access_alert where kind = 'HL7_SENDER_CHANGED' and detail like ?")
                .param("%removed HL7 sender " + name + "%").query(Long.class).single()).isEqualTo(1);
    }
}
