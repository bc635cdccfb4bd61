package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.NM;
import ca.uhn.hl7v2.model.v251.datatype.ST;
import ca.uhn.hl7v2.model.v251.datatype.XON;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.patient.Patient;
import org.pathguard.report.Report;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultStatus;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A released report as the ORU^R01 sent to the requester: one ORC/OBR per test, one OBX per analyte, each naming
 * the laboratory that performed it (OBX-23). Text from
 * people (names, clinician, placer number, postcode, results in words) goes through {@link #text}, so that no
 * value, whenever it was registered, can break a field, segment or frame at the receiver.
 */
final class ReportMessage {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    /** HAPI's default control-id generator keeps a counter file in the working directory; ours are given. */
    private static final PipeParser PARSER = PipeParser.getInstanceWithNoValidation();

    static {
        PARSER.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    private ReportMessage() {
    }

    /**
     * {@code collectedAt} is when the order's first tube was taken (OBR-7), null when no tube was recorded: a lab that
     * files this report as results done elsewhere places them in the patient's history by it.
     */
    static ORU_R01 of(String controlId, String labFacility, Route route, LabOrder order, Patient patient, Report report,
                      Catalogue catalogue, Instant collectedAt) {
        try {
            ORU_R01 oru = new ORU_R01();
            oru.setParser(PARSER);
            oru.initQuickstart("ORU", "R01", "P");
            MSH msh = oru.getMSH();
            msh.getSendingApplication().getNamespaceID().setValue(Acknowledgement.APPLICATION);
            msh.getSendingFacility().getNamespaceID().setValue(labFacility);
            msh.getReceivingApplication().getNamespaceID().setValue(route.receivingApplication());
            msh.getReceivingFacility().getNamespaceID().setValue(route.receivingFacility());
            msh.getMessageControlID().setValue(controlId);
            ORU_R01_PATIENT_RESULT result = oru.getPATIENT_RESULT();
            identify(result.getPATIENT().getPID(), patient);
            String released = report.releasedAt().atOffset(ZoneOffset.UTC).format(HL7_TIME);
            Map<String, List<Report.Line>> byTest = new LinkedHashMap<>();
            report.content().lines().forEach(l -> byTest.computeIfAbsent(l.testCode(), k -> new java.util.ArrayList<>()).add(l));
            int group = 0;
            for (Map.Entry<String, List<Report.Line>> test : byTest.entrySet()) {
                ORU_R01_ORDER_OBSERVATION observation = result.getORDER_OBSERVATION(group++);
                ORC orc = observation.getORC();
                orc.getOrderControl().setValue("RE");
                orc.getPlacerOrderNumber().getEntityIdentifier().setValue(text(order.placerOrderNumber()));
                orc.getFillerOrderNumber().getEntityIdentifier().setValue(order.accession());
                orc.getFillerOrderNumber().getNamespaceID().setValue(Acknowledgement.APPLICATION);
                orc.getOrderingProvider(0).getFamilyName().getSurname().setValue(text(order.clinician()));
                orc.getOrderingFacilityName(0).getOrganizationIdentifier().setValue(order.requesterOds());
                OBR obr = observation.getOBR();
                obr.getSetIDOBR().setValue(String.valueOf(group));
                obr.getPlacerOrderNumber().getEntityIdentifier().setValue(text(order.placerOrderNumber()));
                obr.getFillerOrderNumber().getEntityIdentifier().setValue(order.accession());
                obr.getUniversalServiceIdentifier().getIdentifier().setValue(test.getKey());
                obr.getUniversalServiceIdentifier().getText().setValue(text(catalogue.test(test.getKey()).name()));
                obr.getUniversalServiceIdentifier().getNameOfCodingSystem().setValue("L");
                if (collectedAt != null) {
                    obr.getObservationDateTime().getTime().setValue(collectedAt.atOffset(ZoneOffset.UTC).format(HL7_TIME));
                }
                obr.getResultsRptStatusChngDateTime().getTime().setValue(released);
                obr.getResultStatus().setValue(report.amended() ? "C" : "F");
                int n = 0;
                for (Report.Line line : test.getValue()) {
                    OBX obx = observation.getOBSERVATION(n++).getOBX();
                    observe(oru, obx, n, line);
                    performedBy(obx, report.content().performerOf(line));
                }
            }
            return oru;
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("Could not build the report message for order " + order.accession(), e);
        }
    }

    static void identify(PID pid, Patient patient) throws HL7Exception {
        pid.getSetIDPID().setValue("1");
        CX nhs = pid.getPatientIdentifierList(0);
        nhs.getIDNumber().setValue(patient.nhsNumber());
        nhs.getAssigningAuthority().getNamespaceID().setValue("NHS");
        nhs.getIdentifierTypeCode().setValue("NH");
        if (patient.hospitalNumber() != null) {
            CX mrn = pid.getPatientIdentifierList(1);
            mrn.getIDNumber().setValue(text(patient.hospitalNumber()));
            mrn.getIdentifierTypeCode().setValue("MR");
        }
        pid.getPatientName(0).getFamilyName().getSurname().setValue(text(patient.familyName()));
        pid.getPatientName(0).getGivenName().setValue(text(patient.givenName()));
        pid.getDateTimeOfBirth().getTime().setValue(patient.dateOfBirth().format(DateTimeFormatter.BASIC_ISO_DATE));
        pid.getAdministrativeSex().setValue(patient.sex() == Sex.MALE ? "M" : patient.sex() == Sex.FEMALE ? "F" : "U");
        if (patient.postcode() != null) {
            pid.getPatientAddress(0).getZipOrPostalCode().setValue(text(patient.postcode()));
        }
    }

    private static void observe(ORU_R01 oru, OBX obx, int setId, Report.Line line) throws HL7Exception {
        obx.getSetIDOBX().setValue(String.valueOf(setId));
        boolean numeric = line.rangeLow() != null || line.rangeHigh() != null || isNumber(line.value());
        obx.getValueType().setValue(numeric ? "NM" : "ST");
        obx.getObservationIdentifier().getIdentifier().setValue(line.loinc());
        obx.getObservationIdentifier().getText().setValue(text(line.analyteName()));
        obx.getObservationIdentifier().getNameOfCodingSystem().setValue("LN");
        obx.getObservationIdentifier().getAlternateIdentifier().setValue(line.analyteCode());
        obx.getObservationIdentifier().getNameOfAlternateCodingSystem().setValue("L");
        if (numeric) {
            NM value = new NM(oru);
            value.setValue(line.value());
            obx.getObservationValue(0).setData(value);
        } else {
            ST value = new ST(oru);
            value.setValue(text(line.value()));
            obx.getObservationValue(0).setData(value);
        }
        if (line.unit() != null) {
            obx.getUnits().getIdentifier().setValue(text(line.unit()));
            obx.getUnits().getNameOfCodingSystem().setValue("UCUM");
        }
        if (line.rangeLow() != null || line.rangeHigh() != null) {
            obx.getReferencesRange().setValue((line.rangeLow() == null ? "" : line.rangeLow().toPlainString()) + "-"
                    + (line.rangeHigh() == null ? "" : line.rangeHigh().toPlainString()));
        }
        if (line.flag() != null) {
            obx.getAbnormalFlags(0).setValue(line.flag().name());
        }
        obx.getObservationResultStatus().setValue(line.status() == ResultStatus.AMENDED ? "C" : "F");
    }

    /**
     * OBX-23, the laboratory that performed the test (ISO 15189:2022 7.4.1.7): its name, and its ODS code as the
     * organisation identifier (XON-10) assigned by ODS. Every OBX says it, this lab's own results too, so a receiver
     * never has to guess. OBX-24 (address) and OBX-25 (medical director) stay empty: PathGuard holds neither.
     */
    private static void performedBy(OBX obx, PerformingLab lab) throws HL7Exception {
        XON organisation = obx.getPerformingOrganizationName();
        organisation.getOrganizationName().setValue(text(lab.name()));
        organisation.getAssigningAuthority().getNamespaceID().setValue("ODS");
        organisation.getIdentifierTypeCode().setValue("XX");
        organisation.getOrganizationIdentifier().setValue(lab.odsCode());
    }

    /**
     * A value as HL7 text: the escape character and every control character (CR, LF, the MLLP frame bytes) as
     * HL7 hexadecimal escapes ({@code \Xhh\}), which HAPI's encoder keeps; it escapes the delimiters itself.
     */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> {
            if (c == '\\' || c < 0x20 || c == 0x7F) {
                out.append("\\X").append("%02X".formatted(c)).append('\\');
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    private static boolean isNumber(String value) {
        try {
            new java.math.BigDecimal(value);
            return true;
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }
}
