package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CE;
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
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.NhsNumber;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.network.Referral;
import org.pathguard.network.ReferralState;
import org.pathguard.network.Referrals;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ORU^R01 from a partner laboratory: the results of tests we referred to it. Each OBR group is matched to its
 * referral by our placer number (ORC-2/OBR-2 "accession-test", or our accession in ORC-2/ORC-4 with the partner's
 * test code in OBR-4), which must be to this partner and live; the patient's NHS number must be the referral's
 * patient's; the partner's result codes and units are mapped to ours through the agreement. The results then go
 * through our own checks and autoverification like any result, naming the partner as the performing laboratory,
 * and the referral becomes RESULTED in the same append. A group with OBR-25 "I" and no OBX says the partner
 * received the specimen. Anything that does not match is refused and nothing is written.
 */
@Component
class ReferralResults {

    private static final Set<String> TAKEN_STATUSES = Set.of("", "F", "P", "R");

    private final Referrals referrals;
    private final Agreements agreements;
    private final ResultDesk desk;
    private final SpecimenReception specimens;
    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final Catalogue catalogue;
    private final ResultMessages results;

    ReferralResults(Referrals referrals, Agreements agreements, ResultDesk desk, SpecimenReception specimens, OrderDesk orders,
                    PatientRegistry patients, Catalogue catalogue, ResultMessages results) {
        this.referrals = referrals;
        this.agreements = agreements;
        this.desk = desk;
        this.specimens = specimens;
        this.orders = orders;
        this.patients = patients;
        this.catalogue = catalogue;
        this.results = results;
    }

    InboundMessages.Accepted accept(Actor actor, Hl7Sender sender, MessageHeader header, Message message, String labFacility)
            throws HL7Exception {
        if (!(message instanceof ORU_R01 oru)) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "Not a result message");
        }
        Agreement agreement = agreements.find(sender.partnerLab()).orElseThrow(() -> Hl7Rejection.reject(
                Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "HL7 sender " + sender.name() + " is partner laboratory " + sender.partnerLab()
                        + ", with which this lab has no mutual-aid agreement in force; nothing was recorded"));
        PerformingLab performer = new PerformingLab(agreement.odsCode(), agreement.name());
        List<NewEvent> events = new ArrayList<>();
        List<ResultDesk.RecordedResults> recorded = new ArrayList<>();
        Set<java.util.UUID> seen = new HashSet<>();
        for (ORU_R01_PATIENT_RESULT patientResult : oru.getPATIENT_RESULTAll()) {
            Segments.PatientIdentity identity = Segments.patient(patientResult.getPATIENT().getPID());
            for (ORU_R01_ORDER_OBSERVATION group : patientResult.getORDER_OBSERVATIONAll()) {
                Referral referral = referral(agreement, group);
                if (!seen.add(referral.id())) {
                    throw Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, "Two result groups name referral "
                            + referral.placerNumber() + "; send its results in one group");
                }
                checkPatient(identity, referral);
                if (group.getOBSERVATIONReps() == 0) {
                    if (!"I".equals(group.getOBR().getResultStatus().getValue())) {
                        throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "The group for " + referral.placerNumber()
                                + " has no OBX results and is not a status (OBR-25 I: specimen received)");
                    }
                    referrals.received(actor, referral).ifPresent(events::add);
                    continue;
                }
                Prepared<ResultDesk.RecordedResults> prepared = desk.prepare(actor, new ResultSubmission(barcode(group, referral),
                        List.of(), items(agreement, referral, group), performer));
                events.addAll(prepared.events());
                events.add(referrals.resulted(actor, referral));
                recorded.add(prepared.outcome());
            }
        }
        if (events.isEmpty() && seen.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message has no OBR result group");
        }
        return results.settle(actor, header, labFacility, events, recorded);
    }

    private Referral referral(Agreement agreement, ORU_R01_ORDER_OBSERVATION group) throws HL7Exception {
        OBR obr = group.getOBR();
        ORC orc = group.getORC();
        String orcPlacer = Segments.blankToNull(orc.getPlacerOrderNumber().getEntityIdentifier().getValue());
        String placer = orcPlacer != null ? orcPlacer : Segments.blankToNull(obr.getPlacerOrderNumber().getEntityIdentifier().getValue());
        String groupNumber = Segments.blankToNull(orc.getPlacerGroupNumber().getEntityIdentifier().getValue());
        Optional<Referral> found = Optional.empty();
        int dash = placer == null ? -1 : placer.lastIndexOf('-');
        if (dash > 0) {
            found = referrals.byPlacer(placer.substring(0, dash), placer.substring(dash + 1));
        }
        if (found.isEmpty()) {
            // Our accession (ORC-4, or ORC-2 alone) with the partner's test code mapped back through the agreement.
            String accession = groupNumber != null ? groupNumber : placer;
            String partnerCode = Segments.blankToNull(obr.getUniversalServiceIdentifier().getIdentifier().getValue());
            String alternate = Segments.blankToNull(obr.getUniversalServiceIdentifier().getAlternateIdentifier().getValue());
            Optional<Agreement.ReferredTest> test = partnerCode == null ? Optional.empty() : agreement.testForPartnerCode(partnerCode);
            test = test.isPresent() || alternate == null ? test : agreement.testForPartnerCode(alternate);
            if (accession != null && test.isPresent()) {
                found = referrals.byPlacer(accession, test.get().testCode());
            }
        }
        Referral referral = found.orElseThrow(() -> Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER,
                "No test was referred to " + agreement.odsCode() + " under placer number '" + (placer == null ? "" : placer)
                        + "' (ORC-2/OBR-2, or our accession in ORC-4 with a test code of the agreement in OBR-4); nothing was recorded"));
        if (!referral.partnerOds().equals(agreement.odsCode())) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "Test " + referral.placerNumber() + " was not referred to "
                    + agreement.odsCode() + "; nothing was recorded");
        }
        if (referral.state() == ReferralState.REQUESTED) {
            // Its results can overtake the partner's acceptance of the order on the way back: a resend is asked for.
            throw Hl7Rejection.error(Hl7Rejection.APPLICATION_RECORD_LOCKED, "The referral of " + referral.placerNumber()
                    + " is not yet recorded here as accepted by you; send the results again shortly. Nothing was recorded");
        }
        if (referral.state() == ReferralState.CANCELLED || referral.state() == ReferralState.REFUSED) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "The referral of " + referral.placerNumber() + " is "
                    + referral.state() + "; its results are not taken. Nothing was recorded");
        }
        if (referral.state() == ReferralState.RESULTED || referral.state() == ReferralState.CLOSED) {
            throw Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, "The results of " + referral.placerNumber()
                    + " are already recorded; a correction is an amendment made in the lab. Nothing was recorded");
        }
        return referral;
    }

    /** A partner's results always say whose they are: PID-3 must be the NHS number of the referral's patient. */
    private void checkPatient(Segments.PatientIdentity identity, Referral referral) {
        boolean same = identity.nhsNumber() != null && patients.findIdByNhsNumber(NhsNumber.parse(identity.nhsNumber()))
                .map(id -> id.equals(orders.byId(referral.orderId()).patientId())).orElse(false);
        if (!same) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "PID-3 NHS number is missing or is not that of the patient "
                    + "whose test " + referral.placerNumber() + " was referred; nothing was recorded");
        }
    }

    /** Our tube: SPM-2 when the partner echoes our barcode, else the order's received tube of the test's type. */
    private String barcode(ORU_R01_ORDER_OBSERVATION group, Referral referral) throws HL7Exception {
        String type = catalogue.test(referral.testCode()).specimenType();
        List<Specimen> tubes = specimens.forOrder(referral.orderId()).stream()
                .filter(s -> s.specimenType().equals(type) && s.status() == Specimen.Status.RECEIVED).toList();
        if (group.getSPECIMENReps() > 0) {
            String named = Segments.blankToNull(group.getSPECIMEN(0).getSPM().getSpecimenID().getPlacerAssignedIdentifier()
                    .getEntityIdentifier().getValue());
            Optional<Specimen> ours = tubes.stream().filter(s -> s.barcode().equalsIgnoreCase(named == null ? "" : named)).findFirst();
            if (ours.isPresent()) {
                return ours.get().barcode();
            }
        }
        if (tubes.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "Order " + referral.accession() + " has no received "
                    + type + " tube for " + referral.testCode() + "; nothing was recorded");
        }
        return tubes.getFirst().barcode();
    }

    private List<ResultSubmission.Item> items(Agreement agreement, Referral referral, ORU_R01_ORDER_OBSERVATION group)
            throws HL7Exception {
        Agreement.ReferredTest test = agreement.test(referral.testCode()).orElseThrow(() -> Hl7Rejection.error(
                Hl7Rejection.TABLE_VALUE_NOT_FOUND, agreement.odsCode() + " no longer performs " + referral.testCode() + " for us"));
        List<String> ourAnalytes = catalogue.test(referral.testCode()).analytes();
        List<ResultSubmission.Item> items = new ArrayList<>();
        for (ORU_R01_OBSERVATION observation : group.getOBSERVATIONAll()) {
            OBX obx = observation.getOBX();
            String status = obx.getObservationResultStatus().getValue() == null ? "" : obx.getObservationResultStatus().getValue();
            if (!TAKEN_STATUSES.contains(status)) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBX-11 result status '" + status
                        + "' is not taken (F, P or R); corrections are amendments made in the lab");
            }
            Mapped mapped = analyte(catalogue, test, obx.getObservationIdentifier());
            if (!ourAnalytes.contains(mapped.analyte().code())) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, mapped.analyte().code() + " is not part of "
                        + referral.testCode() + ", the test referred as " + referral.placerNumber() + "; nothing was recorded");
            }
            String unit = Segments.blankToNull(obx.getUnits().getIdentifier().getValue());
            String value = obx.getObservationValueReps() == 0 ? null
                    : Escape.unescape(obx.getObservationValue(0).encode(), EncodingCharacters.defaultInstance());
            items.add(new ResultSubmission.Item(mapped.analyte().code(), converted(mapped, unit, value), mapped.analyte().unit(), List.of()));
        }
        return items;
    }

    /** A partner's result code as ours, and the agreement's entry for it when the agreement named it. */
    record Mapped(Analyte analyte, Agreement.AnalyteCode code) {
    }

    /**
     * The partner's own code through the agreement's test (when there is one), then LOINC, then our own code (partners
     * that share our codes). Also used for results a partner did for our requesters while we were down.
     */
    static Mapped analyte(Catalogue catalogue, Agreement.ReferredTest test, CE code) {
        String id = Segments.blankToNull(code.getIdentifier().getValue());
        String system = code.getNameOfCodingSystem().getValue();
        String alternate = Segments.blankToNull(code.getAlternateIdentifier().getValue());
        for (String candidate : new String[]{id, alternate}) {
            if (candidate == null) {
                continue;
            }
            Optional<Agreement.AnalyteCode> theirs = test == null ? Optional.empty()
                    : test.analytes().stream().filter(a -> a.partnerCode().equals(candidate)).findFirst();
            if (theirs.isPresent()) {
                return new Mapped(catalogue.analyte(theirs.get().analyte()), theirs.get());
            }
            Optional<Analyte> byLoinc = catalogue.findAnalyteByLoinc(candidate);
            if (byLoinc.isPresent()) {
                return new Mapped(byLoinc.get(), null);
            }
            if (!"LN".equals(system)) {
                Optional<Analyte> ours = catalogue.findAnalyte(candidate);
                if (ours.isPresent()) {
                    return new Mapped(ours.get(), null);
                }
            }
        }
        throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBX-3 code '" + (id == null ? "" : id)
                + "' is neither a result code in the agreement" + (test == null ? "" : " for " + test.testCode())
                + " nor a LOINC code or analyte code we know; nothing was recorded");
    }

    /** A value in the partner's unit turned into ours by the agreement's factor; a unit we cannot map is refused, never guessed. */
    static String converted(Mapped mapped, String unit, String value) {
        String ours = mapped.analyte().unit();
        boolean same = unit == null || ours == null || unit.equalsIgnoreCase(ours);
        if (mapped.code() != null && mapped.code().partnerUnit() != null && unit != null
                && unit.equalsIgnoreCase(mapped.code().partnerUnit()) && !same) {
            try {
                BigDecimal converted = new BigDecimal(value).multiply(mapped.code().factor(), MathContext.DECIMAL64);
                return converted.stripTrailingZeros().toPlainString();
            } catch (NumberFormatException | NullPointerException notANumber) {
                throw Hl7Rejection.error(Hl7Rejection.DATA_TYPE_ERROR, "The " + mapped.analyte().code()
                        + " value is not a number in " + unit + "; nothing was recorded");
            }
        }
        if (!same) {
            throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBX-6 unit '" + unit + "' for " + mapped.analyte().code()
                    + " is not ours (" + ours + ") and the agreement gives no conversion from it; nothing was recorded");
        }
        return value;
    }
}
