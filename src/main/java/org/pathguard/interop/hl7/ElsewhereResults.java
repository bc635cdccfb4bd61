package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.XON;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escape;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.OdsCode;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A partner laboratory's report to one of this lab's requesters, made while this lab was down, as the network router
 * brings it back on recovery: the partner's ORU^R01 unchanged (its {@link ReportMessage}: MSH-4 the partner, one
 * ORC/OBR per test, ORC-2 the requester's placer number, ORC-3 the partner's accession, ORC-21 the requester, OBR-7
 * collection, OBR-22 report time, OBX-23 the performing laboratory), from the HL7 sender named by
 * {@code pathguard.network.router-sender}. The order and its results are filed as done and reported by the partner
 * ({@link OrderDesk#prepareDoneElsewhere}, {@link ResultDesk#prepareDoneElsewhere}): in the patient's history, on no
 * worklist and in no report of this lab. A later report of the same order by the same partner amends what changed.
 * Anything that does not fit is refused with the reason and nothing is written.
 */
@Component
class ElsewhereResults {

    private static final Set<String> REPORT_STATUSES = Set.of("F", "C");
    private static final Set<String> RESULT_STATUSES = Set.of("", "F", "C");

    private final OrderDesk orders;
    private final ResultDesk desk;
    private final PatientRegistry patients;
    private final SpecimenReception specimens;
    private final Agreements agreements;
    private final Catalogue catalogue;

    ElsewhereResults(OrderDesk orders, ResultDesk desk, PatientRegistry patients, SpecimenReception specimens, Agreements agreements,
                     Catalogue catalogue) {
        this.orders = orders;
        this.desk = desk;
        this.patients = patients;
        this.specimens = specimens;
        this.agreements = agreements;
        this.catalogue = catalogue;
    }

    /** What one partner report says about its order, read from its ORC/OBR groups, which must all agree. */
    private record PartnerOrder(String placer, String partnerAccession, String requester, String clinician, Instant collectedAt,
                                Instant reportedAt, List<String> tests, List<ResultSubmission.Item> items) {
    }

    InboundMessages.Accepted accept(Actor actor, Hl7Sender router, MessageHeader header, Message message, String labFacility)
            throws HL7Exception {
        if (!(message instanceof ORU_R01 oru)) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "Not a result message");
        }
        String partnerOds = partner(header, labFacility);
        Optional<Agreement> agreement = agreements.find(partnerOds);
        if (oru.getPATIENT_RESULTReps() != 1) {
            throw Hl7Rejection.error(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "A partner's report names one patient (one PID); "
                    + "this one names " + oru.getPATIENT_RESULTReps() + ". Nothing was recorded");
        }
        ORU_R01_PATIENT_RESULT patientResult = oru.getPATIENT_RESULT();
        PerformingLab partner = new PerformingLab(partnerOds, agreement.isPresent() ? agreement.get().name()
                : performerName(patientResult, partnerOds));
        PartnerOrder order = order(patientResult, agreement, partnerOds, header);
        if (!router.requesters().contains(order.requester())) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "Requester " + order.requester() + " (ORC-21) is not one "
                    + "whose orders the network router brings to this lab (" + router.requesters() + "); nothing was recorded");
        }
        Segments.PatientIdentity identity = Segments.patient(patientResult.getPATIENT().getPID());
        if (identity.nhsNumber() == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "PID-3 has no NHS number; a result done elsewhere is "
                    + "filed in the history of the patient it names. Nothing was recorded");
        }
        Prepared<UUID> patient = patient(actor, identity);
        List<NewEvent> events = new ArrayList<>(patient.events());
        Optional<LabOrder> held = orders.byPlacerNumber(order.requester(), order.placer());
        if (held.isEmpty()) {
            Prepared<OrderDesk.FiledElsewhere> filed = orders.prepareDoneElsewhere(actor, patient.outcome(), new OrderDesk.DoneElsewhere(
                    order.requester(), order.clinician(), order.placer(), order.tests(), order.collectedAt(), order.reportedAt(),
                    partnerOds, order.partnerAccession()));
            events.addAll(filed.events());
            List<ResultDesk.TubeElsewhere> tubes = filed.outcome().tubes().stream()
                    .map(t -> new ResultDesk.TubeElsewhere(t.specimenId(), t.specimenType(), t.collectedAt())).toList();
            events.addAll(desk.prepareDoneElsewhere(actor, filed.outcome().order(), identity.sex(), identity.dateOfBirth(), tubes,
                    partner, order.items()));
        } else {
            events.addAll(amendments(actor, held.get(), patient.outcome(), order, partner));
        }
        return new InboundMessages.Accepted(events, Acknowledgement.accept(header, labFacility), () -> {
        });
    }

    /** MSH-4 is the laboratory that did the tests: a valid ODS code, and not this lab (its own results are not "elsewhere"). */
    private static String partner(MessageHeader header, String labFacility) {
        String ods;
        try {
            ods = OdsCode.parse(header.sendingFacility()).value();
        } catch (LabRuleViolation e) {
            throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "MSH-4 (sending facility) must be the ODS code of the "
                    + "partner laboratory that performed the tests; nothing was recorded");
        }
        if (ods.equalsIgnoreCase(labFacility)) {
            throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "MSH-4 names this laboratory; only results a partner "
                    + "performed while this lab was down are filed from the network router. Nothing was recorded");
        }
        return ods;
    }

    /** The name the partner gives itself in OBX-23 when this lab has no agreement with it. */
    private static String performerName(ORU_R01_PATIENT_RESULT result, String partnerOds) throws HL7Exception {
        for (ORU_R01_ORDER_OBSERVATION group : result.getORDER_OBSERVATIONAll()) {
            for (ORU_R01_OBSERVATION observation : group.getOBSERVATIONAll()) {
                String name = Segments.blankToNull(observation.getOBX().getPerformingOrganizationName().getOrganizationName().getValue());
                if (name != null) {
                    return Escape.unescape(name, EncodingCharacters.defaultInstance());
                }
            }
        }
        throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "This lab has no agreement with " + partnerOds
                + " and OBX-23 does not name the laboratory that performed the tests; nothing was recorded");
    }

    /** The patient by NHS number with family name and birth date agreeing, or registered from PID if new here. */
    private Prepared<UUID> patient(Actor actor, Segments.PatientIdentity identity) {
        try {
            return patients.matchOrPrepare(actor, new Registration(NhsNumber.parse(identity.nhsNumber()).value(),
                    identity.hospitalNumber(), identity.familyName(), identity.givenName(), identity.dateOfBirth(), identity.sex(),
                    identity.postcode()));
        } catch (LabRuleViolation e) {
            if ("missing-field".equals(e.code())) {
                throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING,
                        "PID-5 (family and given name) and PID-7 (date of birth) are needed to find or register the patient");
            }
            throw e;
        }
    }

    private PartnerOrder order(ORU_R01_PATIENT_RESULT result, Optional<Agreement> agreement, String partnerOds, MessageHeader header)
            throws HL7Exception {
        if (result.getORDER_OBSERVATIONReps() == 0) {
            throw Hl7Rejection.error(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message has no ORC/OBR result group");
        }
        PartnerOrder first = null;
        Set<String> tests = new LinkedHashSet<>();
        List<ResultSubmission.Item> items = new ArrayList<>();
        for (ORU_R01_ORDER_OBSERVATION group : result.getORDER_OBSERVATIONAll()) {
            ORC orc = group.getORC();
            OBR obr = group.getOBR();
            String placer = firstOf(orc.getPlacerOrderNumber().getEntityIdentifier().getValue(),
                    obr.getPlacerOrderNumber().getEntityIdentifier().getValue());
            String accession = firstOf(orc.getFillerOrderNumber().getEntityIdentifier().getValue(),
                    obr.getFillerOrderNumber().getEntityIdentifier().getValue());
            XON facility = orc.getOrderingFacilityNameReps() == 0 ? null : orc.getOrderingFacilityName(0);
            String requester = firstOf(facility == null ? null : facility.getOrganizationIdentifier().getValue(),
                    header.receivingFacility());
            String clinician = Segments.blankToNull(orc.getOrderingProviderReps() == 0 ? null
                    : orc.getOrderingProvider(0).getFamilyName().getSurname().getValue());
            Instant collected = Segments.time(obr.getObservationDateTime(), "OBR-7");
            Instant reported = Segments.time(obr.getResultsRptStatusChngDateTime(), "OBR-22");
            String status = obr.getResultStatus().getValue();
            if (placer == null || accession == null || requester == null || clinician == null || collected == null || reported == null) {
                throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "Each group of a partner's report names the placer "
                        + "number (ORC-2), the partner's accession (ORC-3), the requester (ORC-21), the clinician (ORC-12), the "
                        + "collection time (OBR-7) and the report time (OBR-22); nothing was recorded");
            }
            if (!REPORT_STATUSES.contains(status == null ? "" : status)) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBR-25 '" + (status == null ? "" : status) + "': only "
                        + "a final (F) or corrected (C) report is filed from elsewhere; nothing was recorded");
            }
            String requesterOds = OdsCode.parse(requester).value();
            PartnerOrder read = new PartnerOrder(placer, accession.toUpperCase(), requesterOds, clinician, collected, reported,
                    List.of(), List.of());
            if (first == null) {
                first = read;
            } else if (!first.placer().equals(placer) || !first.partnerAccession().equals(read.partnerAccession())
                    || !first.requester().equals(requesterOds)) {
                throw Hl7Rejection.error(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "A partner's report covers one order: every group "
                        + "names the same placer number, accession and requester; nothing was recorded");
            }
            LabTest test = test(agreement, obr, group);
            if (!tests.add(test.code())) {
                throw Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, "Two groups report " + test.code()
                        + "; send its results in one group. Nothing was recorded");
            }
            items.addAll(items(agreement.flatMap(a -> a.test(test.code())).orElse(null), test, partnerOds, group));
        }
        return new PartnerOrder(first.placer(), first.partnerAccession(), first.requester(), first.clinician(), first.collectedAt(),
                first.reportedAt(), List.copyOf(tests), items);
    }

    /**
     * The test in our catalogue: OBR-4 when it is our code (a PathGuard partner shares it) or the agreement's code for
     * one of ours; else the test of ours that holds every analyte the group reports.
     */
    private LabTest test(Optional<Agreement> agreement, OBR obr, ORU_R01_ORDER_OBSERVATION group) throws HL7Exception {
        String code = Segments.blankToNull(obr.getUniversalServiceIdentifier().getIdentifier().getValue());
        if (code != null) {
            Optional<LabTest> ours = catalogue.tests().stream().filter(t -> t.code().equals(code)).findFirst();
            if (ours.isPresent()) {
                return ours.get();
            }
            Optional<Agreement.ReferredTest> theirs = agreement.flatMap(a -> a.testForPartnerCode(code));
            if (theirs.isPresent()) {
                return catalogue.test(theirs.get().testCode());
            }
        }
        List<String> analytes = new ArrayList<>();
        for (ORU_R01_OBSERVATION observation : group.getOBSERVATIONAll()) {
            analytes.add(ReferralResults.analyte(catalogue, null, observation.getOBX().getObservationIdentifier()).analyte().code());
        }
        return catalogue.tests().stream().filter(t -> !analytes.isEmpty() && t.analytes().containsAll(analytes)).findFirst()
                .orElseThrow(() -> Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBR-4 '" + (code == null ? "" : code)
                        + "' is not a test of this lab's catalogue, and no test of ours holds the analytes reported; nothing was recorded"));
    }

    /** Each OBX as our analyte in our unit (the agreement's factor, else the same unit), performed by the sending lab. */
    private List<ResultSubmission.Item> items(Agreement.ReferredTest agreed, LabTest test, String partnerOds,
                                              ORU_R01_ORDER_OBSERVATION group) throws HL7Exception {
        if (group.getOBSERVATIONReps() == 0) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "The group for " + test.code() + " has no OBX results; "
                    + "nothing was recorded");
        }
        List<ResultSubmission.Item> items = new ArrayList<>();
        for (ORU_R01_OBSERVATION observation : group.getOBSERVATIONAll()) {
            OBX obx = observation.getOBX();
            String status = obx.getObservationResultStatus().getValue() == null ? "" : obx.getObservationResultStatus().getValue();
            if (!RESULT_STATUSES.contains(status)) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBX-11 result status '" + status + "' is not filed "
                        + "from elsewhere (F or C); nothing was recorded");
            }
            String performer = Segments.blankToNull(obx.getPerformingOrganizationName().getOrganizationIdentifier().getValue());
            if (performer != null && !performer.equalsIgnoreCase(partnerOds)) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBX-23 names " + performer + " as the performing "
                        + "laboratory, not " + partnerOds + " (MSH-4) that sent the report; nothing was recorded");
            }
            ReferralResults.Mapped mapped = ReferralResults.analyte(catalogue, agreed, obx.getObservationIdentifier());
            if (!test.analytes().contains(mapped.analyte().code())) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, mapped.analyte().code() + " is not part of "
                        + test.code() + " in this lab's catalogue; nothing was recorded");
            }
            String unit = Segments.blankToNull(obx.getUnits().getIdentifier().getValue());
            String value = obx.getObservationValueReps() == 0 ? null
                    : Escape.unescape(obx.getObservationValue(0).encode(), EncodingCharacters.defaultInstance());
            items.add(new ResultSubmission.Item(mapped.analyte().code(), ReferralResults.converted(mapped, unit, value),
                    mapped.analyte().unit(), List.of()));
        }
        return items;
    }

    /**
     * A later report of an order already filed from elsewhere: by the same partner, for the same patient, for the tests
     * already filed. Changed values are amended, new values of those tests added, the rest left as they are. A test the
     * first report did not have is refused: adding it would reopen the order on this lab's worklists.
     */
    private List<NewEvent> amendments(Actor actor, LabOrder order, UUID patientId, PartnerOrder report, PerformingLab partner) {
        Optional<String> doneBy = Optional.ofNullable(order.performedElsewhere());
        if (doneBy.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, "Placer number " + report.placer() + " from "
                    + report.requester() + " is order " + order.accession() + " of this lab's own; a partner's results are not "
                    + "filed on it. Nothing was recorded");
        }
        if (!doneBy.get().equals(partner.odsCode())) {
            throw Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, "Order " + report.placer() + " from " + report.requester()
                    + " was done by " + doneBy.get() + ", not " + partner.odsCode() + "; nothing was recorded");
        }
        if (!order.patientId().equals(patientId)) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "PID-3 is not the patient of order " + report.placer()
                    + " as first filed; nothing was recorded");
        }
        List<String> added = report.tests().stream().filter(t -> !order.tests().contains(t)).toList();
        if (!added.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "Order " + report.placer() + " was filed here with "
                    + order.tests() + "; tests added at the partner later (" + added + ") are not filed from elsewhere. Nothing was recorded");
        }
        Patient patient = patients.get(patientId);
        List<ResultDesk.TubeElsewhere> tubes = specimens.forOrder(order.id()).stream()
                .filter(s -> s.status() == Specimen.Status.ELSEWHERE)
                .map(s -> new ResultDesk.TubeElsewhere(s.id(), s.specimenType(), s.collectedAt())).toList();
        return desk.prepareDoneElsewhere(actor, order, patient.sex(), patient.dateOfBirth(), tubes, partner, report.items());
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (Segments.blankToNull(value) != null) {
                return value.strip();
            }
        }
        return null;
    }
}
