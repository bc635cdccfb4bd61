package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.group.OML_O21_ORDER;
import ca.uhn.hl7v2.model.v251.group.ORM_O01_ORDER;
import ca.uhn.hl7v2.model.v251.message.OML_O21;
import ca.uhn.hl7v2.model.v251.message.ORM_O01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.SPM;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.Priority;
import org.pathguard.lab.SpecimenType;
import org.pathguard.order.Cancellation;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * OML^O21 and ORM^O01: new orders (ORC-1 NW) from order communications. The patient is found by NHS
 * number through the blind index, or registered from PID in the same append as the order.
 */
@Component
class OrderMessages {

    private final PatientRegistry patients;
    private final OrderDesk orders;
    private final Catalogue catalogue;

    OrderMessages(PatientRegistry patients, OrderDesk orders, Catalogue catalogue) {
        this.patients = patients;
        this.orders = orders;
        this.catalogue = catalogue;
    }

    /** One requested order: ORC and the tests (OBR-4) and specimens (SPM) that share its placer number. */
    private record Requested(ORC orc, List<OBR> obrs, List<SPM> specimens, String timingPriority) {
    }

    InboundMessages.Accepted accept(Actor actor, Hl7Sender sender, MessageHeader header, Message message, String labFacility)
            throws HL7Exception {
        PID pid;
        List<Requested> requested = new ArrayList<>();
        if (message instanceof OML_O21 oml) {
            pid = oml.getPATIENT().getPID();
            for (OML_O21_ORDER order : oml.getORDERAll()) {
                String timing = order.getTIMINGReps() > 0 ? order.getTIMING(0).getTQ1().getPriority(0).getIdentifier().getValue() : null;
                requested.add(new Requested(order.getORC(), List.of(order.getOBSERVATION_REQUEST().getOBR()),
                        order.getOBSERVATION_REQUEST().getSPECIMENAll().stream().map(s -> s.getSPM()).toList(), timing));
            }
        } else if (message instanceof ORM_O01 orm) {
            pid = orm.getPATIENT().getPID();
            for (ORM_O01_ORDER order : orm.getORDERAll()) {
                requested.add(new Requested(order.getORC(), List.of(order.getORDER_DETAIL().getOBR()), List.of(), null));
            }
        } else {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "Not an order message");
        }
        if (requested.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message has no ORC/OBR order group");
        }
        // Who the orders are for is checked before the patient is looked at: a sender learns nothing about
        // patients of requesters it does not order for.
        Map<String, List<Requested>> groups = byPlacerGroup(requested);
        if ("CA".equals(groups.values().iterator().next().getFirst().orc().getOrderControl().getValue())) {
            return cancel(actor, sender, header, pid, groups, labFacility);
        }
        List<OrderRequest> requests = new ArrayList<>();
        for (Map.Entry<String, List<Requested>> order : groups.entrySet()) {
            OrderRequest request = request(header, order.getKey(), order.getValue());
            if (sender.partnerLab() != null) {
                checkReferral(sender, order.getValue(), request);
            }
            String ods = OdsCode.parse(request.requesterOds()).value();
            if (!sender.requesters().contains(ods)) {
                throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "HL7 sender " + sender.name() + " is registered to order for "
                        + sender.requesters() + ", not for " + ods + " (ORC-21, ORC-17 or MSH-4); nothing was recorded");
            }
            requests.add(request);
        }
        Segments.PatientIdentity identity = Segments.patient(pid);
        NhsNumber nhs = nhsNumber(identity);
        List<NewEvent> events = new ArrayList<>();
        UUID patientId = patientFor(actor, nhs, identity, events);

        List<Acknowledgement.AcceptedOrder> accepted = new ArrayList<>();
        int n = 0;
        for (List<Requested> group : groups.values()) {
            OrderRequest request = requests.get(n++);
            Prepared<String> prepared = earlierReferral(sender, request)
                    .map(order -> further(actor, order, patientId, request))
                    .orElseGet(() -> prepare(actor, sender, patientId, request));
            events.addAll(prepared.events());
            accepted.addAll(answered("OK", group, request.placerOrderNumber(), prepared.outcome()));
        }
        return new InboundMessages.Accepted(events, Acknowledgement.acceptOrders(header, labFacility, nhs.value(), accepted), () -> { });
    }

    private static NhsNumber nhsNumber(Segments.PatientIdentity identity) {
        if (identity.nhsNumber() == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING,
                    "PID-3 carries no NHS number (identifier type code NH or assigning authority NHS)");
        }
        return NhsNumber.parse(identity.nhsNumber());
    }

    /**
     * ORC-1 CA: the requester (or referring lab) cancels tests (OBR-4) of its order (ORC-4, else ORC-2) that have no
     * result yet; its last test cancels the order. Answered with ORC-1 CR per ORC; a test with a result gets AE.
     */
    private InboundMessages.Accepted cancel(Actor actor, Hl7Sender sender, MessageHeader header, PID pid,
                                            Map<String, List<Requested>> groups, String labFacility) throws HL7Exception {
        List<LabOrder> named = new ArrayList<>();
        for (Map.Entry<String, List<Requested>> group : groups.entrySet()) {
            if (sender.partnerLab() != null) {
                checkReferringLab(sender, group.getValue());
            }
            String ods = OdsCode.parse(requesterOds(header, group.getValue().getFirst().orc())).value();
            if (!sender.requesters().contains(ods)) {
                throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "HL7 sender " + sender.name() + " is registered to order for "
                        + sender.requesters() + ", not for " + ods + " (ORC-21, ORC-17 or MSH-4); nothing was recorded");
            }
            if (group.getKey().isEmpty()) {
                throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "ORC-2 (placer order number) or ORC-4 (placer group "
                        + "number) names the order to cancel");
            }
            named.add(orders.byPlacerNumber(ods, group.getKey()).orElseThrow(() -> Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER,
                    "No order from " + ods + " with placer number " + group.getKey() + " (ORC-4 or ORC-2) to cancel; nothing was recorded")));
        }
        NhsNumber nhs = nhsNumber(Segments.patient(pid));
        List<NewEvent> events = new ArrayList<>();
        List<Cancellation> cancellations = new ArrayList<>();
        List<Acknowledgement.AcceptedOrder> answers = new ArrayList<>();
        int n = 0;
        for (List<Requested> group : groups.values()) {
            LabOrder order = named.get(n++);
            if (!patients.findIdByNhsNumber(nhs).map(order.patientId()::equals).orElse(false)) {
                throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "The NHS number in PID-3 is not that of the patient of order "
                        + order.placerOrderNumber() + "; nothing was recorded");
            }
            List<String> tests = new ArrayList<>();
            for (Requested r : group) {
                for (OBR obr : r.obrs()) {
                    String code = Segments.blankToNull(obr.getUniversalServiceIdentifier().getIdentifier().getValue());
                    if (code == null) {
                        throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "OBR-4 (the test to cancel) is empty");
                    }
                    tests.add(code);
                }
            }
            String reason = Segments.blankToNull(group.getFirst().orc().getOrderControlCodeReason().getText().getValue());
            Prepared<Cancellation> cancellation = orders.prepareCancellation(actor, order, tests, "Cancelled by " + order.requesterOds()
                    + " (HL7 ORC-1 CA)" + (reason == null ? "" : ": " + reason));
            events.addAll(cancellation.events());
            cancellations.add(cancellation.outcome());
            answers.addAll(answered("CR", group, order.placerOrderNumber(), order.accession()));
        }
        return new InboundMessages.Accepted(events, Acknowledgement.acceptOrders(header, labFacility, nhs.value(), answers),
                () -> cancellations.forEach(c -> orders.cancelled(actor, c)));
    }

    /** The order a partner laboratory placed here before under the same placer number (its accession), if any. */
    private Optional<LabOrder> earlierReferral(Hl7Sender sender, OrderRequest request) {
        return sender.partnerLab() == null || request.placerOrderNumber() == null ? Optional.empty()
                : orders.byPlacerNumber(sender.partnerLab(), request.placerOrderNumber());
    }

    /** A partner laboratory refers more tests of an order it referred before: they join that order, for the same patient. */
    private Prepared<String> further(Actor actor, LabOrder order, UUID patientId, OrderRequest request) {
        if (!order.patientId().equals(patientId)) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "Placer number " + order.placerOrderNumber()
                    + " was referred here before for another patient than the one in PID-3; nothing was recorded");
        }
        return orders.prepareFurtherTests(actor, order, request);
    }

    private Prepared<String> prepare(Actor actor, Hl7Sender sender, UUID patientId, OrderRequest request) {
        try {
            return orders.prepare(actor, patientId, request);
        } catch (Conflict e) {
            if (sender.partnerLab() == null) {
                throw e;
            }
            // The referring laboratory's labels are received here as they are: one that reads as ours cannot be.
            throw Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, e.getMessage() + " in this lab, so partner laboratory "
                    + sender.partnerLab() + "'s tube could not be told apart from it at reception; nothing was recorded");
        }
    }

    /**
     * One ORC per order group in the answer, each with the placer number it came with (ORC-2), the placer group when
     * the orders were grouped by it (ORC-4), and the accession they became (ORC-3).
     */
    private static List<Acknowledgement.AcceptedOrder> answered(String control, List<Requested> group, String placerNumber,
                                                                String accession) throws HL7Exception {
        List<Acknowledgement.AcceptedOrder> answers = new ArrayList<>();
        for (Requested r : group) {
            String group4 = placerGroup(r.orc());
            Acknowledgement.AcceptedOrder answer = new Acknowledgement.AcceptedOrder(control,
                    group4 == null ? placerNumber : placerNumber(r), group4, accession);
            if (!answers.contains(answer)) {
                answers.add(answer);
            }
        }
        return answers;
    }

    /**
     * A partner laboratory refers in its own name, and only the tests it agreed with us: every ORC-21 (ordering
     * facility) is the laboratory, and every OBR-4 one of its referable tests. Checked before the patient is read.
     */
    private static void checkReferral(Hl7Sender sender, List<Requested> group, OrderRequest request) throws HL7Exception {
        checkReferringLab(sender, group);
        String lab = sender.partnerLab();
        for (String test : request.tests()) {
            if (!sender.referableTests().contains(test)) {
                throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "Partner laboratory " + lab + " has not agreed to refer "
                        + test + " to us (it may refer " + sender.referableTests() + "); nothing was recorded");
            }
        }
    }

    private static void checkReferringLab(Hl7Sender sender, List<Requested> group) throws HL7Exception {
        String lab = sender.partnerLab();
        for (Requested r : group) {
            String facility = orderingFacility(r.orc());
            if (facility == null || !lab.equals(facility.strip().toUpperCase())) {
                throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "A referral from partner laboratory " + lab
                        + " names that laboratory in ORC-21 (ordering facility), not " + (facility == null ? "nobody" : facility)
                        + "; nothing was recorded");
            }
        }
    }

    private UUID patientFor(Actor actor, NhsNumber nhs, Segments.PatientIdentity identity, List<NewEvent> events) {
        Prepared<UUID> patient;
        try {
            patient = patients.matchOrPrepare(actor, new Registration(nhs.value(), identity.hospitalNumber(),
                    identity.familyName(), identity.givenName(), identity.dateOfBirth(), identity.sex(), identity.postcode()));
        } catch (LabRuleViolation e) {
            if ("missing-field".equals(e.code())) {
                throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING,
                        "PID-5 (family and given name) and PID-7 (date of birth) are needed to register a new patient");
            }
            throw e;
        }
        events.addAll(patient.events());
        return patient.outcome();
    }

    /**
     * The order groups by the order they belong to: by ORC-4 (placer group number) when sent, as a referring laboratory
     * sends one ORC per test ("accession-test" in ORC-2) under its accession (ORC-4); else by ORC-2 (or OBR-2).
     */
    private static Map<String, List<Requested>> byPlacerGroup(List<Requested> requested) throws HL7Exception {
        Map<String, List<Requested>> groups = new LinkedHashMap<>();
        String first = requested.getFirst().orc().getOrderControl().getValue();
        for (Requested r : requested) {
            String control = r.orc().getOrderControl().getValue();
            if (!"NW".equals(control) && !"CA".equals(control)) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "ORC-1 order control '" + (control == null ? "" : control)
                        + "' is not supported; NW (new order) and CA (cancel) are taken");
            }
            if (!control.equals(first)) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "A message either places orders (ORC-1 NW) or cancels "
                        + "them (CA), not both; send them in separate messages");
            }
            String group = placerGroup(r.orc());
            String placer = group != null ? group : placerNumber(r);
            groups.computeIfAbsent(placer == null ? "" : placer, k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static String placerGroup(ORC orc) throws HL7Exception {
        return Segments.blankToNull(orc.getPlacerGroupNumber().getEntityIdentifier().getValue());
    }

    private static String placerNumber(Requested r) throws HL7Exception {
        String placer = Segments.blankToNull(r.orc().getPlacerOrderNumber().getEntityIdentifier().getValue());
        if (placer == null && !r.obrs().isEmpty()) {
            placer = Segments.blankToNull(r.obrs().getFirst().getPlacerOrderNumber().getEntityIdentifier().getValue());
        }
        return placer;
    }

    private OrderRequest request(MessageHeader header, String placer, List<Requested> group) throws HL7Exception {
        ORC orc = group.getFirst().orc();
        List<String> tests = new ArrayList<>();
        List<OrderRequest.SpecimenLabel> specimens = new ArrayList<>();
        String clinicalDetails = null;
        Priority priority = null;
        for (Requested r : group) {
            priority = priority != null ? priority : priority(r);
            for (OBR obr : r.obrs()) {
                String code = Segments.blankToNull(obr.getUniversalServiceIdentifier().getIdentifier().getValue());
                if (code == null) {
                    throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "OBR-4 (test code) is empty");
                }
                tests.add(code);
                clinicalDetails = clinicalDetails != null ? clinicalDetails
                        : Segments.blankToNull(obr.getRelevantClinicalInformation().getValue());
            }
            for (SPM spm : r.specimens()) {
                OrderRequest.SpecimenLabel label = label(spm, tests);
                // One tube for two tests of the group comes with each test's OBR: it is one specimen.
                if (specimens.stream().noneMatch(l -> l.barcode().equals(label.barcode()) && l.specimenType().equals(label.specimenType()))) {
                    specimens.add(label);
                }
            }
        }
        String accession = Segments.blankToNull(orc.getFillerOrderNumber().getEntityIdentifier().getValue());
        return new OrderRequest(null, null, null, null, requesterOds(header, orc), clinician(orc.getOrderingProviderReps() > 0
                ? orc.getOrderingProvider(0) : null), priority == null ? Priority.ROUTINE : priority, clinicalDetails,
                placer.isEmpty() ? null : placer, accession, tests, specimens);
    }

    private OrderRequest.SpecimenLabel label(SPM spm, List<String> tests) throws HL7Exception {
        String barcode = Segments.blankToNull(spm.getSpecimenID().getPlacerAssignedIdentifier().getEntityIdentifier().getValue());
        if (barcode == null) {
            barcode = Segments.blankToNull(spm.getSpecimenID().getFillerAssignedIdentifier().getEntityIdentifier().getValue());
        }
        if (barcode == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "SPM-2 (specimen id: the tube's barcode) is empty");
        }
        return new OrderRequest.SpecimenLabel(barcode, specimenType(spm.getSpecimenType(), tests),
                Segments.time(spm.getSpecimenCollectionDateTime().getRangeStartDateTime(), "SPM-17"));
    }

    /** Our own type code, or a SNOMED CT code (coding system SCT) matched to a type one of the tests needs. */
    private String specimenType(CWE type, List<String> tests) {
        String code = Segments.blankToNull(type.getIdentifier().getValue());
        if (code == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "SPM-4 (specimen type) is empty");
        }
        if ("SCT".equals(type.getNameOfCodingSystem().getValue())) {
            return tests.stream().map(t -> catalogue.specimenType(catalogue.test(t).specimenType()))
                    .filter(s -> code.equals(s.snomed())).map(SpecimenType::code).findFirst()
                    .orElseThrow(() -> Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "SPM-4 SNOMED CT specimen type "
                            + code + " suits none of the tests ordered"));
        }
        return code;
    }

    private static Priority priority(Requested r) throws HL7Exception {
        String code = r.timingPriority();
        if (code == null && r.obrs().getFirst().getQuantityTimingReps() > 0) {
            code = r.obrs().getFirst().getQuantityTiming(0).getPriority().getValue();
        }
        if (code == null && r.orc().getQuantityTimingReps() > 0) {
            code = r.orc().getQuantityTiming(0).getPriority().getValue();
        }
        return PriorityCode.read(code);
    }

    /** ORC-21 ordering facility (XON-10 identifier, else XON-1), else ORC-17, else the sending facility. */
    private static String requesterOds(MessageHeader header, ORC orc) throws HL7Exception {
        String facility = orderingFacility(orc);
        if (facility != null) {
            return facility;
        }
        String entering = Segments.blankToNull(orc.getEnteringOrganization().getIdentifier().getValue());
        return entering != null ? entering : header.sendingFacility();
    }

    private static String orderingFacility(ORC orc) throws HL7Exception {
        if (orc.getOrderingFacilityNameReps() == 0) {
            return null;
        }
        String id = Segments.blankToNull(orc.getOrderingFacilityName(0).getOrganizationIdentifier().getValue());
        return id != null ? id : Segments.blankToNull(orc.getOrderingFacilityName(0).getOrganizationName().getValue());
    }

    private static String clinician(XCN provider) {
        if (provider == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "ORC-12 (ordering provider) is empty");
        }
        String name = ((provider.getGivenName().getValue() == null ? "" : provider.getGivenName().getValue()) + " "
                + (provider.getFamilyName().getSurname().getValue() == null ? "" : provider.getFamilyName().getSurname().getValue())).trim();
        String id = Segments.blankToNull(provider.getIDNumber().getValue());
        if (name.isEmpty() && id == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "ORC-12 (ordering provider) is empty");
        }
        return name.isEmpty() ? id : id == null ? name : name + " (" + id + ")";
    }
}
