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
import org.pathguard.lab.Priority;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A requester's order as the OML^O21 its order communications would send, for an order that reached the network router
 * by FHIR: the labs behind the router take HL7 only, so every order arrives at a lab in one shape, whichever door the
 * requester used. One ORC/TQ1/OBR group per test under one placer number, ORC-21 the requester, an SPM per tube.
 */
public final class NetworkOrderMessage {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final PipeParser PARSER = PipeParser.getInstanceWithNoValidation();

    static {
        PARSER.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    /** What the order says, as its requester stated it; the patient has no id (the router registers no one). */
    public record Order(Patient patient, String requesterOds, String clinician, Priority priority, String placerNumber,
                       String clinicalDetails, List<String> tests, List<OrderRequest.SpecimenLabel> specimens) {
    }

    private NetworkOrderMessage() {
    }

    /** The message text (segments separated by CR) under {@code controlId}, from {@code sendingApplication}. */
    public static String of(String sendingApplication, String controlId, Order order) {
        try {
            OML_O21 oml = new OML_O21();
            oml.setParser(PARSER);
            oml.initQuickstart("OML", "O21", "P");
            MSH msh = oml.getMSH();
            msh.getSendingApplication().getNamespaceID().setValue(sendingApplication);
            msh.getSendingFacility().getNamespaceID().setValue(order.requesterOds());
            msh.getMessageControlID().setValue(controlId);
            // The same order sent twice must make the same message: a resend is then known by its content.
            msh.getDateTimeOfMessage().clear();
            ReportMessage.identify(oml.getPATIENT().getPID(), order.patient());
            int group = 0;
            for (String test : order.tests()) {
                OML_O21_ORDER o = oml.getORDER(group++);
                ORC orc = o.getORC();
                orc.getOrderControl().setValue("NW");
                orc.getPlacerOrderNumber().getEntityIdentifier().setValue(order.placerNumber());
                orc.getOrderingProvider(0).getFamilyName().getSurname().setValue(ReportMessage.text(order.clinician()));
                orc.getOrderingFacilityName(0).getOrganizationIdentifier().setValue(order.requesterOds());
                o.getTIMING(0).getTQ1().getSetIDTQ1().setValue("1");
                o.getTIMING(0).getTQ1().getPriority(0).getIdentifier().setValue(PriorityCode.of(order.priority()));
                OML_O21_OBSERVATION_REQUEST request = o.getOBSERVATION_REQUEST();
                OBR obr = request.getOBR();
                obr.getSetIDOBR().setValue(String.valueOf(group));
                obr.getPlacerOrderNumber().getEntityIdentifier().setValue(order.placerNumber());
                obr.getUniversalServiceIdentifier().getIdentifier().setValue(test);
                obr.getUniversalServiceIdentifier().getNameOfCodingSystem().setValue("L");
                if (group == 1 && order.clinicalDetails() != null) {
                    obr.getRelevantClinicalInformation().setValue(ReportMessage.text(order.clinicalDetails()));
                }
                if (group == 1) {
                    int n = 0;
                    for (OrderRequest.SpecimenLabel tube : order.specimens()) {
                        SPM spm = request.getSPECIMEN(n++).getSPM();
                        spm.getSetIDSPM().setValue(String.valueOf(n));
                        spm.getSpecimenID().getPlacerAssignedIdentifier().getEntityIdentifier().setValue(tube.barcode());
                        spm.getSpecimenType().getIdentifier().setValue(tube.specimenType());
                        spm.getSpecimenType().getNameOfCodingSystem().setValue("L");
                        if (tube.collectedAt() != null) {
                            spm.getSpecimenCollectionDateTime().getRangeStartDateTime().getTime()
                                    .setValue(tube.collectedAt().atOffset(ZoneOffset.UTC).format(HL7_TIME));
                        }
                    }
                }
            }
            return oml.encode();
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("Could not build the order message for placer number " + order.placerNumber(), e);
        }
    }
}
