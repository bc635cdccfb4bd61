package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import org.junit.jupiter.api.Test;
import org.pathguard.catalogue.CatalogueFile;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.patient.Patient;
import org.pathguard.report.Report;
import org.pathguard.result.ResultStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbound ORU^R01 as the requester's system receives it, built from data however it was registered. */
class ReportMessageTest {

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
                List.of("CRP"), Instant.now(), 240);
        Report report = new Report(orderId, 1, false, Instant.now(), "pathguard", new Report.Content("PG26000001", patientId,
                "G85001", "Dr A\nJones", Priority.ROUTINE, List.of(new Report.Line("CRP", "CRP", "C-reactive protein", "1988-5",
                "3", "mg/L", BigDecimal.ZERO, BigDecimal.TEN, null, ResultStatus.FINAL, 1))));

        ORU_R01 oru = ReportMessage.of("C1", "PGLAB", new Route("G85001", "localhost", 1, "GPSYS", "G85001"), order, patient,
                report, CatalogueFile.loadShipped());
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
}
