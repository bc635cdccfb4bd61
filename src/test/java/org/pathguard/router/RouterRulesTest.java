package org.pathguard.router;

import org.junit.jupiter.api.Test;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.interop.hl7.Hl7Rejection;
import org.pathguard.interop.hl7.MessageHeader;
import org.pathguard.lab.Priority;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The router's own rules, without Spring or a database: what it reads of a message, how labs change state, the CSV. */
class RouterRulesTest {

    private static final Person PERSON = new Person("9990000018", null, "Okafor", "Grace", "19800214", "F", null);

    @Test
    void anOrderIsReadForItsRequesterPlacerNumberTestsAndTheHighestPriorityOfItsGroups() {
        String oml = SyntheticMessages.oml("C1", "G85001", "P-77", PERSON, "R", null,
                List.of(new Request("UE", "B1", "SER"), new Request("FBC", "B2", "EDTA")));
        // The second group asks for stat: the whole message goes as critical.
        oml = oml.replaceFirst("TQ1\\|1\\|\\|\\|\\|\\|\\|\\|\\|R(?=\rOBR\\|2)", "TQ1|1||||||||S");
        MessageFacts.Order order = MessageFacts.order(MessageHeader.of(oml), oml);
        assertThat(order.requesterOds()).isEqualTo("G85001");
        assertThat(order.placerNumber()).isEqualTo("P-77");
        assertThat(order.key()).isEqualTo("P-77");
        assertThat(order.tests()).containsExactly("UE", "FBC");
        assertThat(order.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(order.orderControl()).isEqualTo("NW");
    }

    @Test
    void aMessageWithTwoOrdersOrForTwoRequestersOrWithoutAPlacerNumberIsRefused() {
        String two = SyntheticMessages.oml("C2", "G85001", "P-1", PERSON, "R", null, List.of(new Request("UE", "B1", "SER")))
                + "\r" + SyntheticMessages.segment("ORC", Map.of(1, "NW", 2, "P-2", 21, "x^^^^^^^^^G85001"))
                + "\r" + SyntheticMessages.segment("OBR", Map.of(1, "2", 2, "P-2", 4, "FBC^^L"));
        assertThatThrownBy(() -> MessageFacts.order(MessageHeader.of(two), two)).isInstanceOf(Hl7Rejection.class)
                .hasMessageContaining("one order per message");
        String otherRequester = two.replace("P-2", "P-1").replace("x^^^^^^^^^G85001", "x^^^^^^^^^G85002");
        assertThatThrownBy(() -> MessageFacts.order(MessageHeader.of(otherRequester), otherRequester)).isInstanceOf(Hl7Rejection.class)
                .hasMessageContaining("one requester");
        String noPlacer = SyntheticMessages.oml("C3", "G85001", "", PERSON, "R", null, List.of(new Request("UE", "B1", "SER")));
        assertThatThrownBy(() -> MessageFacts.order(MessageHeader.of(noPlacer), noPlacer)).isInstanceOf(Hl7Rejection.class)
                .hasMessageContaining("ORC-2");
        String badPriority = SyntheticMessages.oml("C4", "G85001", "P-3", PERSON, "Z", null, List.of(new Request("UE", "B1", "SER")));
        assertThatThrownBy(() -> MessageFacts.order(MessageHeader.of(badPriority), badPriority)).isInstanceOf(Hl7Rejection.class)
                .hasMessageContaining("Priority 'Z'");
    }

    @Test
    void aResultIsMatchedByItsPlacerNumberAndTheRequesterInOrc21() {
        String oru = "MSH|^~\\&|PATHGUARD|RYJ|ICE|G85001|20260302140000||ORU^R01^ORU_R01|R1|P|2.5.1\r"
                + "PID|1||9990000018^^^NHS^NH||Okafor^Grace\rORC|RE|P-77|IC1^PATHGUARD||||||||Dr X|||||||||^^^^^^^^^G85001\r"
                + "OBR|1|P-77|IC1|UE^^L\rOBX|1|NM|NA^^L||139|mmol/L";
        MessageFacts.Result result = MessageFacts.result(MessageHeader.of(oru), oru);
        assertThat(result.placerNumber()).isEqualTo("P-77");
        assertThat(result.requesterOds()).isEqualTo("G85001");
    }

    @Test
    void aLabDownComesBackOnlyByDeclarationAndTheRouterOnlySuspects() {
        assertThat(LabState.UP.canBecome(LabState.SUSPECTED)).isTrue();
        assertThat(LabState.UP.canBecome(LabState.DOWN)).isTrue();
        assertThat(LabState.SUSPECTED.canBecome(LabState.DOWN)).isTrue();
        assertThat(LabState.DOWN.canBecome(LabState.UP)).isTrue();
        assertThat(LabState.DOWN.canBecome(LabState.SUSPECTED)).as("no flapping: a lab down is not merely suspected again").isFalse();
        assertThat(LabState.DOWN.canBecome(LabState.DOWN)).isFalse();
        assertThat(LabState.UP.canBecome(LabState.UP)).isFalse();
    }

    @Test
    void theLedgerSaysWhereEachOrderIs() {
        assertThat(order("FORWARDING", null).where()).isEqualTo("HOME_LAB");
        assertThat(order("AT_HOME_LAB", null).where()).isEqualTo("HOME_LAB");
        assertThat(order("ROUTING", "RYJ").where()).isEqualTo("PARTNER:RYJ");
        assertThat(order("AT_PARTNER", "RYJ").where()).isEqualTo("PARTNER:RYJ");
        assertThat(order("DEFERRED", null).where()).isEqualTo("DEFERRED");
        assertThat(order("HOME_LAB_REFUSED", null).where()).isEqualTo("REFUSED");
        assertThat(order("RESULTED", "RYJ").where()).isEqualTo("RESULTED");
    }

    @Test
    void aCsvCellIsQuotedWhenItMustBeAndNeverRunsAsAFormula() {
        assertThat(Ledger.cell("P-1")).isEqualTo("P-1");
        assertThat(Ledger.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Ledger.cell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
        assertThat(Ledger.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(Ledger.cell(null)).isEmpty();
    }

    private static RoutedOrder order(String state, String partner) {
        return new RoutedOrder(java.util.UUID.randomUUID(), "G85001", "RJ1", "OML^O21", "P", null, Priority.ROUTINE, List.of("UE"),
                java.time.Instant.now(), state, partner, java.util.Set.of(), null, null);
    }
}
