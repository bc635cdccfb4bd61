package org.pathguard.interop.hl7;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathguard.bench.SyntheticMessages.segment;
import static org.pathguard.interop.hl7.Hl7InterfaceTest.assertRefused;

/**
 * Issue 15, the receiving side: this lab as the partner that another laboratory (RJ1, at 127.0.0.14) refers tests to.
 * RJ1 may refer troponin and U&E; its OML^O21 comes as IHE's inter-laboratory workflow sends it: one ORC per test,
 * ORC-2 "its accession-test", ORC-4 its accession, ORC-21 itself, SPM its own barcodes.
 */
class ReferralsReceivedTest extends LabServerTest {

    static final String REFERRING_LAB = "RJ1";
    static final String REFERRING_LAB_ADDRESS = "127.0.0.14";

    @Autowired
    MllpListener listener;

    @BeforeEach
    void registerThePartnerLab() {
        loopbackHl7Sender("RJ122");
        hl7Senders().configure(Actor.SYSTEM, new Hl7Sender("lab.rj1", null, REFERRING_LAB_ADDRESS, List.of(REFERRING_LAB), List.of(),
                REFERRING_LAB, List.of("TROP", "UE")));
    }

    static Person person() {
        return new Person(Api.newNhsNumber(), null, "Adeyemi", "Tola", "19640302", "F", "SE1 7EH");
    }

    /** The referring lab's OML^O21: {@code control} NW to refer, CA to cancel. */
    static String referral(String control, String messageId, String orderingFacility, String accession, Person person,
                           List<Request> tests) {
        StringBuilder m = new StringBuilder(SyntheticMessages.msh("PATHGUARD", REFERRING_LAB, "OML^O21^OML_O21", messageId));
        m.append('\r').append(SyntheticMessages.pid(person));
        int n = 0;
        String collected = ZonedDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "+0000";
        for (Request r : tests) {
            m.append('\r').append(segment("ORC", Map.of(1, control, 2, accession + "-" + r.testCode(), 4, accession,
                    12, "C3456789^Jones^Alice", 21, "Referring Lab^^^^^^^^^" + orderingFacility)));
            m.append('\r').append(segment("TQ1", Map.of(1, "1", 9, "A")));
            m.append('\r').append(segment("OBR", Map.of(1, String.valueOf(++n), 2, accession + "-" + r.testCode(), 4, r.testCode() + "^^L")));
            if (r.barcode() != null) {
                m.append('\r').append(segment("SPM", Map.of(1, "1", 2, r.barcode(), 4, r.specimenType() + "^^L", 17, collected)));
            }
        }
        return m.toString();
    }

    String send(String from, String message) {
        try (Mllp mllp = new Mllp(from, listener.port())) {
            return mllp.send(message);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> orcs(String ack) {
        return Arrays.stream(ack.split("\r")).filter(s -> s.startsWith("ORC|")).toList();
    }

    @Test
    void anAgreedReferralIsAnOrderOfTheReferringLabWithItsBarcodesThatReceptionReceivesByScanning() {
        String accession = Api.unique("RJ1A");
        String serum = Api.unique("RJ1S");
        String ack = send(REFERRING_LAB_ADDRESS, referral("NW", Api.unique("REF"), REFERRING_LAB, accession, person(),
                List.of(new Request("TROP", serum, "SER"), new Request("UE", serum, "SER"))));

        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThat(Mllp.field(ack, "MSH", 9)).isEqualTo("ORL^O22^ORL_O22");
        List<String> orcs = orcs(ack);
        assertThat(orcs).as("one ORC per ORC sent, each with the referring lab's own placer number").hasSize(2);
        String ours = orcs.getFirst().split("\\|")[3].split("\\^")[0];
        assertThat(orcs).containsExactly("ORC|OK|" + accession + "-TROP|" + ours + "^PATHGUARD|" + accession,
                "ORC|OK|" + accession + "-UE|" + ours + "^PATHGUARD|" + accession);

        var order = db.sql("select requester_ods, placer_order_number from lab_order where accession = ?").param(ours)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).single();
        assertThat(order).as("one order, requested by the referring lab, under its accession").containsExactly(REFERRING_LAB, accession);
        Api reception = api("reception", "SCIENTIST");
        assertThat(reception.get("/api/orders/" + ours).json().get("tests").toString()).contains("TROP", "UE");
        var received = reception.post("/api/specimens/" + serum.toLowerCase() + "/receipt", Map.of());
        assertThat(received.status()).as("the referring lab's label, scanned (Caps Lock on) at our reception: " + received.body())
                .isEqualTo(200);
        assertThat(received.body()).contains(serum, "RECEIVED");
    }

    @Test
    void aTestTheLabNeverAgreedToReferIsRefusedAndNothingIsWritten() {
        long events = eventCount();
        String accession = Api.unique("RJ1A");
        String ack = send(REFERRING_LAB_ADDRESS, referral("NW", Api.unique("REF"), REFERRING_LAB, accession, person(),
                List.of(new Request("TROP", Api.unique("RJ1S"), "SER"), new Request("CRP", Api.unique("RJ1S"), "SER"))));
        assertRefused(ack, "AR", "103", "Partner laboratory RJ1 has not agreed to refer CRP to us (it may refer [TROP, UE])");
        assertThat(ack).doesNotContain("ORC|");
        assertThat(eventCount()).as("nothing written, not even the troponin").isEqualTo(events);
    }

    @Test
    void aReferralInAnotherOrganisationsNameIsRefused() {
        long events = eventCount();
        for (String facility : List.of(PRACTICE, "RJ122")) {
            String ack = send(REFERRING_LAB_ADDRESS, referral("NW", Api.unique("REF"), facility, Api.unique("RJ1A"), person(),
                    List.of(new Request("TROP", Api.unique("RJ1S"), "SER"))));
            assertRefused(ack, "AR", "103", "A referral from partner laboratory RJ1 names that laboratory in ORC-21 (ordering facility), not "
                    + facility);
        }
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void aReferringLabsBarcodeThatIsAlreadyOneOfOursIsRefusedWithTheReason() {
        String ours = Api.unique("S");
        assertThat(Mllp.field(send("127.0.0.1", SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person(), "R", null,
                List.of(new Request("UE", ours, "SER")))), "MSA", 1)).isEqualTo("AA");
        long events = eventCount();
        String ack = send(REFERRING_LAB_ADDRESS, referral("NW", Api.unique("REF"), REFERRING_LAB, Api.unique("RJ1A"), person(),
                List.of(new Request("UE", ours, "SER"))));
        assertRefused(ack, "AE", "205", "Barcode " + ours + " is already on another specimen in this lab, so partner laboratory RJ1's tube "
                + "could not be told apart from it at reception");
        assertThat(eventCount()).isEqualTo(events);
    }

    /** The administrator registers a partner lab through the API; the privacy officer hears what it may refer. */
    @Test
    void theAdministratorRegistersAPartnerLabAndWhatItMayRefer() {
        Api admin = api("hl7.admin", "ADMINISTRATOR", LAB);
        String name = "lab." + Api.unique("p").toLowerCase();
        var put = admin.put("/api/admin/hl7-senders/" + name, Map.of("certificate", "lab " + name, "requesters", List.of("r1k"),
                "departments", List.of(), "partnerLab", "r1k", "referableTests", List.of("ue", "TROP")));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("partnerLab").asString()).isEqualTo("R1K");
        assertThat(put.json().get("referableTests").toString()).isEqualTo("[\"TROP\",\"UE\"]");
        assertThat(admin.get("/api/admin/hl7-senders").body()).contains(name, "\"partnerLab\":\"R1K\"");
        assertThat(db.sql("select count(*) from access_alert where kind = 'HL7_SENDER_CHANGED' and detail like ?")
                .param("%" + name + "%let partner laboratory R1K refer tests [TROP, UE]%").query(Long.class).single()).isEqualTo(1);
        assertThat(db.sql("select referable_tests::text from hl7_sender where name = ?").param(name).query(String.class).single())
                .isEqualTo("{TROP,UE}");

        var forAPractice = admin.put("/api/admin/hl7-senders/" + name, Map.of("certificate", "lab " + name,
                "requesters", List.of("R1K", PRACTICE), "partnerLab", "R1K", "referableTests", List.of("UE")));
        assertThat(forAPractice.status()).isEqualTo(422);
        assertThat(forAPractice.body()).contains("its requesters are exactly [R1K]");
        var unknownTest = admin.put("/api/admin/hl7-senders/" + name, Map.of("certificate", "lab " + name,
                "requesters", List.of("R1K"), "partnerLab", "R1K", "referableTests", List.of("WHISKY")));
        assertThat(unknownTest.body()).contains("Unknown test code 'WHISKY'");
        assertThat(admin.put("/api/admin/hl7-senders/" + name, Map.of("certificate", "lab " + name, "requesters", List.of("R1K"),
                "partnerLab", "not a code", "referableTests", List.of("UE"))).body()).contains("partnerLab is the partner laboratory's ODS code");
        assertThat(admin.put("/api/admin/hl7-senders/" + name, Map.of("certificate", "lab " + name, "requesters", List.of("R1K"),
                "referableTests", List.of("UE"))).body()).contains("Only a partner laboratory refers tests");
        assertThat(db.sql("select referable_tests::text from hl7_sender where name = ?").param(name).query(String.class).single())
                .as("the refused changes changed nothing").isEqualTo("{TROP,UE}");
    }
}
