package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import org.junit.jupiter.api.Test;
import org.pathguard.catalogue.CatalogueFile;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.patient.Patient;
import org.pathguard.report.Report;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbound ORU^R01 as the requester's system receives it, built from data however it was registered. */
class ReportMessageTest {

    private static final PerformingLab THIS_LAB = new PerformingLab("PGLAB", "PathGuard demonstration laboratory");

    /**
     * Issue 13, item 9: a name registered with a line feed went out raw inside PID-5, and a CR or the MLLP end byte
     * could have started a segment of the sender's choosing (here a forged OBX). Every such character now goes as an
     * HL7 hexadecimal escape, the delimiters as HL7's own escapes, and the message keeps its five segments.
     */
    @Test
    void lineBreaksDelimitersAndFrameBytesInNamesCannotBreakTheMessageStructure() throws Exception {
        String family = "Okafor\nOBX|1|ST|K^Potassium||9.9|||HH|||F\rOBX|2\u001c\r";
        String given = "Grace^Ann~Jo&Co\\E\\";
        UUID patientId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        Patient patient = new Patient(patientId, "9990000018", "H1\r2", family, given, LocalDate.of(1980, 2, 14), Sex.FEMALE,
                "SE5 9RS", true);
        LabOrder order = new LabOrder(orderId, "PG26000001", patientId, "G85001", "Dr A\nJones", Priority.ROUTINE, "P\u000b1",
                List.of("CRP"), Instant.now(), 240, null);
        Report report = new Report(orderId, 1, false, Instant.now(), "pathguard", new Report.Content("PG26000001", patientId,
                "G85001", "Dr A\nJones", Priority.ROUTINE, List.of(new Report.Line("CRP", "CRP", "C-reactive protein", "1988-5",
                "3", "mg/L", BigDecimal.ZERO, BigDecimal.TEN, null, ResultStatus.FINAL, 1, null)), THIS_LAB));

        ORU_R01 oru = ReportMessage.of("C1", "PGLAB", new Route("G85001", "localhost", 1, "GPSYS", "G85001"), order, patient,
                report, CatalogueFile.loadShipped(), null);
        String wire = oru.encode();

        assertThat(wire.chars().filter(c -> c < 0x20 && c != '\r')).as("no control character but the segment separator").isEmpty();
        assertThat(wire.split("\r")).extracting(s -> s.substring(0, 3)).containsExactly("MSH", "PID", "ORC", "OBR", "OBX");
        String pid = wire.split("\r")[1];
        String[] fields = pid.split("\\|", -1);
        assertThat(fields[5]).isEqualTo("Okafor\\X0A\\OBX\\F\\1\\F\\ST\\F\\K\\S\\Potassium\\F\\\\F\\9.9\\F\\\\F\\\\F\\HH\\F\\\\F\\\\F\\F"
                + "\\X0D\\OBX\\F\\2\\X1C\\\\X0D\\^Grace\\S\\Ann\\R\\Jo\\T\\Co\\X5C\\E\\X5C\\");
        assertThat(fields[3]).contains("H1\\X0D\\2");
        assertThat(wire).contains("Dr A\\X0A\\Jones", "P\\X0B\\1");
    }

    /**
     * ISO 15189:2022 7.4.1.7: every OBX names the laboratory that performed it in OBX-23 (name, ODS as assigning
     * authority, ODS code as XON-10): the partner for a referred result, this lab for its own. OBX-24 and OBX-25 stay
     * empty, and the report's own content (OBX-5 onwards) is untouched.
     */
    @Test
    void everyObservationNamesTheLaboratoryThatPerformedIt() throws Exception {
        UUID patientId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        Patient patient = new Patient(patientId, "9990000018", null, "Okafor", "Grace", LocalDate.of(1980, 2, 14), Sex.FEMALE,
                null, true);
        LabOrder order = new LabOrder(orderId, "PG26000002", patientId, "G85001", "Dr Jones", Priority.URGENT, "P2",
                List.of("TROP", "CRP"), Instant.now(), 240, null);
        PerformingLab partner = new PerformingLab("RJ122", "Guy's & St Thomas' ^ Viapath|Lab");
        Report report = new Report(orderId, 1, false, Instant.now(), "pathguard", new Report.Content("PG26000002", patientId,
                "G85001", "Dr Jones", Priority.URGENT, List.of(
                new Report.Line("TROP", "TROPT", "Troponin T", "67151-1", "12", "ng/L", null, BigDecimal.valueOf(14), null,
                        ResultStatus.FINAL, 1, partner),
                new Report.Line("CRP", "CRP", "C-reactive protein", "1988-5", "3", "mg/L", BigDecimal.ZERO, BigDecimal.TEN, null,
                        ResultStatus.FINAL, 1, null)), THIS_LAB));

        String wire = ReportMessage.of("C2", "PGLAB", new Route("G85001", "localhost", 1, "GPSYS", "G85001"), order, patient,
                report, CatalogueFile.loadShipped(), Instant.parse("2026-03-01T09:30:00Z")).encode();

        List<String[]> obx = java.util.Arrays.stream(wire.split("\r")).filter(s -> s.startsWith("OBX"))
                .map(s -> s.split("\\|", -1)).toList();
        assertThat(obx).hasSize(2);
        assertThat(obx.get(0)[3]).startsWith("67151-1^");
        assertThat(obx.get(0)[23]).isEqualTo("Guy's \\T\\ St Thomas' \\S\\ Viapath\\F\\Lab^^^^^ODS^XX^^^RJ122");
        assertThat(obx.get(1)[3]).startsWith("1988-5^");
        assertThat(obx.get(1)[23]).isEqualTo("PathGuard demonstration laboratory^^^^^ODS^XX^^^PGLAB");
        for (String[] fields : obx) {
            assertThat(fields).as("nothing after OBX-23: no address or medical director we do not hold").hasSize(24);
            assertThat(fields[5]).isIn("12", "3");
        }
        // OBR-7, when the blood was taken: a lab that files this report as work done elsewhere places it in the history by it.
        assertThat(java.util.Arrays.stream(wire.split("\r")).filter(s -> s.startsWith("OBR")).map(s -> s.split("\\|", -1)[7]))
                .containsOnly("20260301093000+0000");
    }
}
