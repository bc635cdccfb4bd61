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
import org.pathguard.specimen.SpecimenReception;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathguard.interop.hl7.Hl7InterfaceTest.assertRefused;
import static org.pathguard.interop.hl7.ReferralsReceivedTest.REFERRING_LAB;
import static org.pathguard.interop.hl7.ReferralsReceivedTest.REFERRING_LAB_ADDRESS;
import static org.pathguard.interop.hl7.ReferralsReceivedTest.orcs;
import static org.pathguard.interop.hl7.ReferralsReceivedTest.referral;

/**
 * Issue 15: ORC-1 CA, refused before, cancels tests that have no result yet, from order communications (RJ122, at
 * 127.0.0.1) and from a referring laboratory (RJ1); a scientist or lab manager cancels through the API.
 */
class InboundCancellationTest extends LabServerTest {

    @Autowired
    MllpListener listener;

    @Autowired
    SpecimenReception reception;

    @BeforeEach
    void registerTheSenders() {
        loopbackHl7Sender("RJ122");
        hl7Senders().configure(Actor.SYSTEM, new Hl7Sender("lab.rj1", null, REFERRING_LAB_ADDRESS, List.of(REFERRING_LAB), List.of(),
                REFERRING_LAB, List.of("TROP", "UE")));
    }

    private String send(String from, String message) {
        try (Mllp mllp = new Mllp(from, listener.port())) {
            return mllp.send(message);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Placed(String accession, String placer, String serum, Person person) {
    }

    /** Order communications' order for U&E and CRP on one serum tube, received at the lab. */
    private Placed ueAndCrp() {
        Person person = Hl7InterfaceTest.newPerson();
        String placer = Api.unique("P");
        String serum = Api.unique("S");
        String ack = send("127.0.0.1", SyntheticMessages.oml(Api.unique("OML"), "RJ122", placer, person, "R", null,
                List.of(new Request("UE", serum, "SER"), new Request("CRP", serum, "SER"))));
        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThat(api("reception", "SCIENTIST").post("/api/specimens/" + serum + "/receipt", Map.of()).status()).isEqualTo(200);
        return new Placed(Mllp.field(ack, "ORC", 3).split("\\^")[0], placer, serum, person);
    }

    private static String cancel(String placer, Person person, String... tests) {
        StringBuilder m = new StringBuilder(SyntheticMessages.msh("ICE", "RJ122", "OML^O21^OML_O21", Api.unique("CA")));
        m.append('\r').append(SyntheticMessages.pid(person));
        int n = 0;
        for (String test : tests) {
            m.append('\r').append(SyntheticMessages.segment("ORC", Map.of(1, "CA", 2, placer, 16, "^Requested in error",
                    21, "Ward 5^^^^^^^^^RJ122")));
            m.append('\r').append(SyntheticMessages.segment("OBR", Map.of(1, String.valueOf(++n), 2, placer, 4, test + "^^L")));
        }
        return m.toString();
    }

    private String ueResults(String serum) {
        return send("127.0.0.1", SyntheticMessages.oru(Api.unique("ORU"), serum, null, List.of(
                new Observation("NA", "L", "140", "mmol/L"), new Observation("K", "L", "4.1", "mmol/L"),
                new Observation("UREA", "L", "5.2", "mmol/L"), new Observation("CREA", "L", "80", "umol/L"))));
    }

    private JsonNode reports(String accession) {
        return api("ward", "REQUESTER", "RJ122").get("/api/orders/" + accession + "/reports").json();
    }

    /**
     * U&E is in, the report waits for CRP; the ward cancels CRP: the report is released with U&E alone, and CRP
     * results arriving later are refused.
     */
    @Test
    void aTestCancelledBeforeItsResultNoLongerHoldsTheReport() {
        Placed order = ueAndCrp();
        assertThat(Mllp.field(ueResults(order.serum()), "MSA", 1)).isEqualTo("AA");
        assertThat(reports(order.accession())).as("waiting for CRP").isEmpty();

        String ack = send("127.0.0.1", cancel(order.placer(), order.person(), "CRP"));
        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThat(orcs(ack)).containsExactly("ORC|CR|" + order.placer() + "|" + order.accession() + "^PATHGUARD");
        assertThat(db.sql("select test_code from order_test where order_id = (select id from lab_order where accession = ?) "
                + "and cancelled_at is not null").param(order.accession()).query(String.class).list()).containsExactly("CRP");
        assertThat(db.sql("select cancelled_by from order_test where order_id = (select id from lab_order where accession = ?) "
                + "and test_code = 'CRP'").param(order.accession()).query(String.class).single()).isEqualTo("hl7:test.loopback/INTERFACE");

        JsonNode reports = reports(order.accession());
        assertThat(reports).as("released without the cancelled test").hasSize(1);
        assertThat(reports.toString()).contains("\"testCode\":\"UE\"").doesNotContain("\"testCode\":\"CRP\"");

        long events = eventCount();
        assertRefused(send("127.0.0.1", SyntheticMessages.oru(Api.unique("ORU"), order.serum(), null,
                List.of(new Observation("CRP", "L", "12", "mg/L")))), "AE", "103", "CRP was not requested on this order for a SER "
                + "specimen (its test was cancelled)");
        assertRefused(send("127.0.0.1", cancel(order.placer(), order.person(), "CRP")), "AE", "205", "CRP on order "
                + order.accession() + " is already cancelled");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void aTestWithAResultIsNotCancelledThisWay() {
        Placed order = ueAndCrp();
        assertThat(Mllp.field(ueResults(order.serum()), "MSA", 1)).isEqualTo("AA");
        long events = eventCount();
        assertRefused(send("127.0.0.1", cancel(order.placer(), order.person(), "CRP", "UE")), "AE", "205",
                "UE on order " + order.accession() + " already has a result, so it is no longer cancelled this way: ask the lab");
        assertRefused(send("127.0.0.1", cancel(order.placer(), Hl7InterfaceTest.newPerson(), "CRP")), "AE", "204",
                "The NHS number in PID-3 is not that of the patient of order " + order.placer());
        assertRefused(send("127.0.0.1", cancel(Api.unique("NOSUCH"), order.person(), "CRP")), "AE", "204",
                "No order from RJ122 with placer number");
        assertThat(eventCount()).as("nothing written, not even the CRP of the first message").isEqualTo(events);
    }

    /** The referring lab cancels its whole referral by its accession (ORC-4): the order is cancelled and its tube no longer expected. */
    @Test
    void aReferringLabCancelsItsReferralAndTheOrderIsCancelled() {
        String accession = Api.unique("RJ1A");
        String serum = Api.unique("RJ1S");
        Person person = ReferralsReceivedTest.person();
        List<Request> tests = List.of(new Request("TROP", serum, "SER"), new Request("UE", serum, "SER"));
        String placed = send(REFERRING_LAB_ADDRESS, referral("NW", Api.unique("REF"), REFERRING_LAB, accession, person, tests));
        String ours = orcs(placed).getFirst().split("\\|")[3].split("\\^")[0];
        assertThat(reception.expected(500).stream().map(SpecimenReception.Expected::barcode)).contains(serum);

        String ack = send(REFERRING_LAB_ADDRESS, referral("CA", Api.unique("REF"), REFERRING_LAB, accession, person,
                List.of(new Request("TROP", null, null), new Request("UE", null, null))));
        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThat(orcs(ack)).containsExactly("ORC|CR|" + accession + "-TROP|" + ours + "^PATHGUARD|" + accession,
                "ORC|CR|" + accession + "-UE|" + ours + "^PATHGUARD|" + accession);
        assertThat(db.sql("select cancelled_at is not null from lab_order where accession = ?").param(ours).query(Boolean.class).single())
                .isTrue();
        assertThat(reception.expected(500).stream().map(SpecimenReception.Expected::barcode)).doesNotContain(serum);
        assertThat(api("reception", "SCIENTIST").get("/api/orders/" + ours).json().get("tests")).isEmpty();
    }

    @Test
    void aScientistCancelsATestThroughTheApiWithAReason() {
        Placed order = ueAndCrp();
        Api scientist = api("bench.scientist", "SCIENTIST");
        Api ward = api("ward", "REQUESTER", "RJ122");
        Api manager = api("lab.manager", "LAB_MANAGER");
        String path = "/api/orders/" + order.accession() + "/tests/CRP/cancellation";
        long events = eventCount();
        assertThat(scientist.post(path, Map.of("reason", " ")).body()).contains("Say why the test is cancelled");
        assertThat(ward.post(path, Map.of("reason", "not needed")).status()).isEqualTo(403);
        assertThat(scientist.post("/api/orders/" + order.accession() + "/tests/TFT/cancellation", Map.of("reason", "x")).body())
                .contains("TFT is not a test on order");
        assertThat(eventCount()).isEqualTo(events);

        var cancelled = scientist.post(path, Map.of("reason", "Requester phoned: CRP done on the ward"));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("tests").toString()).isEqualTo("[\"UE\"]");
        assertThat(cancelled.json().get("orderCancelled").asBoolean()).isFalse();
        assertThat(cancelled.json().get("cancelledBy").asString()).startsWith("bench.scientist/");
        assertThat(scientist.post(path, Map.of("reason", "again")).status()).as("a test is cancelled once").isEqualTo(409);

        var last = manager.post("/api/orders/" + order.accession() + "/tests/UE/cancellation",
                Map.of("reason", "Patient discharged"));
        assertThat(last.status()).as(last.body()).isEqualTo(200);
        assertThat(last.json().get("orderCancelled").asBoolean()).isTrue();
        assertThat(db.sql("select event_type from event_log where stream_id = (select id::text from lab_order where accession = ?) "
                + "order by seq desc limit 2").param(order.accession()).query(String.class).list())
                .containsExactly("OrderCancelled", "TestCancelled");
    }
}
