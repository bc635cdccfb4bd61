package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.group.OML_O21_OBSERVATION_REQUEST;
import ca.uhn.hl7v2.model.v251.group.OML_O21_ORDER;
import ca.uhn.hl7v2.model.v251.message.OML_O21;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.SPM;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import org.pathguard.network.Agreement;
import org.pathguard.network.Referral;
import org.pathguard.order.LabOrder;
import org.pathguard.result.PerformingLab;
import org.pathguard.patient.Patient;
import org.pathguard.specimen.Specimen;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The OML^O21 that refers tests to a partner in the shape of IHE's inter-laboratory workflow: PID with the NHS
 * number and what the partner needs to register the patient, one ORC/TQ1/OBR group per referred test (ORC-2 our
 * placer number, ORC-4 our accession grouping the order's tests, ORC-21 us, OBR-4 the partner's test code) and
 * an SPM per tube with our barcode, so the partner's reception scans our labels and relabels nothing. The same
 * shape with ORC-1 CA cancels a referred test.
 */
final class ReferralMessage {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final PipeParser PARSER = PipeParser.getInstanceWithNoValidation();

    static {
        PARSER.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    private ReferralMessage() {
    }

    /** New orders (ORC-1 NW) or cancellations (CA) for {@code referrals}, all of one order and one partner. */
    static OML_O21 of(String controlId, boolean cancel, PerformingLab us, Agreement partner, LabOrder order, Patient patient,
                      List<Referral> referrals, Map<Referral, List<Specimen>> tubes) {
        try {
            OML_O21 oml = new OML_O21();
            oml.setParser(PARSER);
            oml.initQuickstart("OML", "O21", "P");
            MSH msh = oml.getMSH();
            msh.getSendingApplication().getNamespaceID().setValue(Acknowledgement.APPLICATION);
            msh.getSendingFacility().getNamespaceID().setValue(us.odsCode());
            msh.getReceivingApplication().getNamespaceID().setValue(partner.endpoint().receivingApplication());
            msh.getReceivingFacility().getNamespaceID().setValue(partner.endpoint().receivingFacility());
            msh.getMessageControlID().setValue(controlId);
            ReportMessage.identify(oml.getPATIENT().getPID(), patient);
            int group = 0;
            for (Referral referral : referrals) {
                Agreement.ReferredTest test = partner.test(referral.testCode()).orElseThrow(() -> new IllegalStateException(
                        partner.odsCode() + " no longer performs " + referral.testCode()));
                OML_O21_ORDER o = oml.getORDER(group++);
                ORC orc = o.getORC();
                orc.getOrderControl().setValue(cancel ? "CA" : "NW");
                orc.getPlacerOrderNumber().getEntityIdentifier().setValue(referral.placerNumber());
                orc.getPlacerOrderNumber().getNamespaceID().setValue(us.odsCode());
                if (cancel && referral.partnerAccession() != null) {
                    orc.getFillerOrderNumber().getEntityIdentifier().setValue(ReportMessage.text(referral.partnerAccession()));
                }
                orc.getPlacerGroupNumber().getEntityIdentifier().setValue(order.accession());
                orc.getPlacerGroupNumber().getNamespaceID().setValue(us.odsCode());
                orc.getOrderingProvider(0).getFamilyName().getSurname().setValue(ReportMessage.text(order.clinician()));
                orc.getOrderingFacilityName(0).getOrganizationName().setValue(ReportMessage.text(us.name()));
                orc.getOrderingFacilityName(0).getOrganizationIdentifier().setValue(us.odsCode());
                o.getTIMING(0).getTQ1().getSetIDTQ1().setValue("1");
                o.getTIMING(0).getTQ1().getPriority(0).getIdentifier().setValue(PriorityCode.of(referral.priority()));
                OML_O21_OBSERVATION_REQUEST request = o.getOBSERVATION_REQUEST();
                OBR obr = request.getOBR();
                obr.getSetIDOBR().setValue(String.valueOf(group));
                obr.getPlacerOrderNumber().getEntityIdentifier().setValue(referral.placerNumber());
                obr.getUniversalServiceIdentifier().getIdentifier().setValue(test.partnerCode());
                obr.getUniversalServiceIdentifier().getNameOfCodingSystem().setValue("L");
                if (test.loinc() != null) {
                    obr.getUniversalServiceIdentifier().getAlternateIdentifier().setValue(test.loinc());
                    obr.getUniversalServiceIdentifier().getNameOfAlternateCodingSystem().setValue("LN");
                }
                int n = 0;
                for (Specimen tube : tubes.getOrDefault(referral, List.of())) {
                    SPM spm = request.getSPECIMEN(n++).getSPM();
                    spm.getSetIDSPM().setValue(String.valueOf(n));
                    spm.getSpecimenID().getPlacerAssignedIdentifier().getEntityIdentifier().setValue(tube.barcode());
                    spm.getSpecimenID().getPlacerAssignedIdentifier().getNamespaceID().setValue(us.odsCode());
                    spm.getSpecimenType().getIdentifier().setValue(tube.specimenType());
                    spm.getSpecimenType().getNameOfCodingSystem().setValue("L");
                    spm.getSpecimenCollectionDateTime().getRangeStartDateTime().getTime()
                            .setValue(tube.collectedAt().atOffset(ZoneOffset.UTC).format(HL7_TIME));
                }
            }
            return oml;
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("Could not build the referral message for order " + order.accession(), e);
        }
    }
}
