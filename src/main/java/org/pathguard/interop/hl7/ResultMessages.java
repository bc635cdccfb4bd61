package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.EI;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.datatype.IS;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.SPM;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escape;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.NotFound;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.qc.Analysers;
import org.pathguard.qc.QcMaterial;
import org.pathguard.qc.QcRunSubmission;
import org.pathguard.qc.QualityControl;
import org.pathguard.report.Reports;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ORU^R01 from analysers and middleware: each OBR group's OBX results go to one specimen, found by
 * SPM-2 or OBR-3 (barcode or accession), and through the same checks and autoverification as the API. The analyser
 * that measured them is OBX-18 (equipment instance), else the sending application (MSH-3) or the sender's name when
 * an analyser is registered under it. A message whose specimen role is QC (SPM-11 {@code Q}) or whose specimen id is
 * a control material's QC sample id is a QC run: it is judged by quality control, never filed to a patient.
 */
@Component
class ResultMessages {

    // HL7 table 0078 interpretation codes; anything else in OBX-8 is the analyser's own flag and holds the result.
    private static final Set<String> INTERPRETATION_CODES = Set.of("L", "H", "LL", "HH", "<", ">", "N", "A", "AA",
            "U", "D", "B", "W", "S", "R", "I", "MS", "VS");
    private static final Set<String> TAKEN_STATUSES = Set.of("", "F", "P", "R");
    private static final Set<String> CODED_TYPES = Set.of("CE", "CWE", "CNE");

    private final ResultDesk desk;
    private final SpecimenReception specimens;
    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final Catalogue catalogue;
    private final Reports reports;
    private final Analysers analysers;
    private final QualityControl qc;
    private final InstantSource clock;

    ResultMessages(ResultDesk desk, SpecimenReception specimens, OrderDesk orders, PatientRegistry patients, Catalogue catalogue,
                   Reports reports, Analysers analysers, QualityControl qc, InstantSource clock) {
        this.clock = clock;
        this.analysers = analysers;
        this.qc = qc;
        this.desk = desk;
        this.reports = reports;
        this.specimens = specimens;
        this.orders = orders;
        this.patients = patients;
        this.catalogue = catalogue;
    }

    InboundMessages.Accepted accept(Actor actor, Hl7Sender sender, MessageHeader header, Message message, String labFacility)
            throws HL7Exception {
        if (!(message instanceof ORU_R01 oru)) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "Not a result message");
        }
        if (controls(oru)) {
            return acceptControls(actor, sender, header, oru, labFacility);
        }
        List<NewEvent> events = new ArrayList<>();
        List<ResultDesk.RecordedResults> recorded = new ArrayList<>();
        for (ORU_R01_PATIENT_RESULT patientResult : oru.getPATIENT_RESULTAll()) {
            Segments.PatientIdentity identity = Segments.patient(patientResult.getPATIENT().getPID());
            for (ORU_R01_ORDER_OBSERVATION group : patientResult.getORDER_OBSERVATIONAll()) {
                Prepared<ResultDesk.RecordedResults> prepared = prepare(actor, sender, header, group);
                checkPatient(identity, prepared.outcome());
                events.addAll(prepared.events());
                recorded.add(prepared.outcome());
            }
        }
        if (recorded.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message has no OBR/OBX result group");
        }
        return settle(actor, header, labFacility, events, recorded);
    }

    /**
     * A message that completes an order releases its report in the same append: one commit, and no window in
     * which the results are stored but the report is not. Also used for a partner laboratory's results.
     */
    InboundMessages.Accepted settle(Actor actor, MessageHeader header, String labFacility, List<NewEvent> events,
                                    List<ResultDesk.RecordedResults> recorded) {
        Map<LabOrder, List<LabResult>> arriving = new LinkedHashMap<>();
        Map<LabOrder, List<LabResult>> before = new LinkedHashMap<>();
        for (ResultDesk.RecordedResults r : recorded) {
            if (r.anyFinal()) {
                arriving.computeIfAbsent(r.order(), k -> new ArrayList<>()).addAll(r.results());
                before.putIfAbsent(r.order(), r.before());
            }
        }
        List<ResultDesk.RecordedResults> unreleased = new ArrayList<>();
        arriving.forEach((order, results) -> reports.prepareRelease(order, before.get(order), results).ifPresentOrElse(events::add,
                () -> recorded.stream().filter(r -> r.order().equals(order)).forEach(unreleased::add)));
        // Results for one order arriving at the same moment in two messages each see only their own: the
        // usual check after commit, on committed data, releases the report then.
        return new InboundMessages.Accepted(events, Acknowledgement.accept(header, labFacility),
                () -> unreleased.forEach(r -> desk.announce(actor, r)));
    }

    /** The results of an OBR group as the analyser named them: the specimen by barcode or accession, and the analyser. */
    private record NamedResults(String specimen, Analyte first, List<ResultSubmission.Item> items, String analyser) {

        ResultSubmission on(String barcode) {
            return new ResultSubmission(barcode, List.of(), items, null, analyser);
        }
    }

    /** Tries the name as a barcode first (what analysers send), then as an accession number. */
    private Prepared<ResultDesk.RecordedResults> prepare(Actor actor, Hl7Sender sender, MessageHeader header,
                                                         ORU_R01_ORDER_OBSERVATION group) throws HL7Exception {
        NamedResults named = named(sender, header, group);
        try {
            return desk.prepare(actor, named.on(named.specimen()));
        } catch (NotFound noSuchBarcode) {
            return desk.prepare(actor, named.on(specimenOfAccession(named.specimen(), named.first())));
        }
    }

    private NamedResults named(Hl7Sender sender, MessageHeader header, ORU_R01_ORDER_OBSERVATION group) throws HL7Exception {
        OBR obr = group.getOBR();
        List<ResultSubmission.Item> items = new ArrayList<>();
        Analyte first = null;
        Set<String> equipment = new java.util.LinkedHashSet<>();
        for (ORU_R01_OBSERVATION observation : group.getOBSERVATIONAll()) {
            OBX obx = observation.getOBX();
            equipment(obx).ifPresent(equipment::add);
            Analyte analyte = analyte(obx.getObservationIdentifier());
            resultsFor(sender, analyte);
            first = first == null ? analyte : first;
            String status = obx.getObservationResultStatus().getValue() == null ? "" : obx.getObservationResultStatus().getValue();
            if (!TAKEN_STATUSES.contains(status)) {
                throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBX-11 result status '" + status + "' for "
                        + analyte.code() + " is not taken from interfaces (F, P or R); corrections are amendments made in the lab");
            }
            List<String> flags = new ArrayList<>();
            for (IS flag : obx.getAbnormalFlags()) {
                String code = Segments.blankToNull(flag.getValue());
                if (code != null && !INTERPRETATION_CODES.contains(code)) {
                    flags.add(code);
                }
            }
            items.add(new ResultSubmission.Item(analyte.code(), value(obx),
                    Segments.blankToNull(obx.getUnits().getIdentifier().getValue()), flags));
        }
        if (items.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "An OBR group has no OBX results");
        }
        return new NamedResults(specimenId(group, obr), first, items, analyser(sender, header, equipment).orElse(null));
    }

    /** OBX-18's first equipment instance identifier (EI.1), if sent. */
    private static Optional<String> equipment(OBX obx) {
        for (EI instance : obx.getEquipmentInstanceIdentifier()) {
            String id = Segments.blankToNull(instance.getEntityIdentifier().getValue());
            if (id != null) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /**
     * The analyser of a group's results: OBX-18 (one analyser per group), else the sending application or the
     * sender's registered name when an analyser has that code. An OBX-18 naming an unregistered analyser is refused
     * later, by the desk that records the results.
     */
    private Optional<String> analyser(Hl7Sender sender, MessageHeader header, Set<String> equipment) {
        if (equipment.size() > 1) {
            throw Hl7Rejection.error(Hl7Rejection.DATA_TYPE_ERROR, "OBX-18 names more than one analyser (" + String.join(", ", equipment)
                    + ") in one OBR group; send each analyser's results in a group of their own; nothing was recorded");
        }
        if (!equipment.isEmpty()) {
            return Optional.of(equipment.iterator().next());
        }
        return java.util.stream.Stream.of(header.sendingApplication(), sender.name())
                .filter(code -> code != null && !code.isBlank() && analysers.find(code).isPresent()).findFirst();
    }

    /** Whether the message carries control results: a specimen role of QC (SPM-11 Q), or a control material's QC sample id. */
    private boolean controls(ORU_R01 oru) throws HL7Exception {
        for (ORU_R01_PATIENT_RESULT patientResult : oru.getPATIENT_RESULTAll()) {
            for (ORU_R01_ORDER_OBSERVATION group : patientResult.getORDER_OBSERVATIONAll()) {
                if (group.getSPECIMENReps() > 0) {
                    for (CWE role : group.getSPECIMEN(0).getSPM().getSpecimenRole()) {
                        if ("Q".equals(Segments.blankToNull(role.getIdentifier().getValue()))) {
                            return true;
                        }
                    }
                }
                String id = specimenIdOrNull(group, group.getOBR());
                if (id != null && analysers.materialBySampleId(id).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A QC run from an analyser: each OBR group is one control material (its QC sample id in SPM-2 or OBR-3), its OBX
     * the analytes measured. Acknowledged AA once recorded, whatever the Westgard rules made of it (the message was
     * good); refused AE, with nothing recorded, when it names an unknown material, analyser or analyte.
     */
    private InboundMessages.Accepted acceptControls(Actor actor, Hl7Sender sender, MessageHeader header, ORU_R01 oru,
                                                    String labFacility) throws HL7Exception {
        List<QcRunSubmission.Value> values = new ArrayList<>();
        Set<String> equipment = new java.util.LinkedHashSet<>();
        Instant measuredAt = null;
        for (ORU_R01_PATIENT_RESULT patientResult : oru.getPATIENT_RESULTAll()) {
            for (ORU_R01_ORDER_OBSERVATION group : patientResult.getORDER_OBSERVATIONAll()) {
                String sampleId = specimenId(group, group.getOBR());
                QcMaterial material = analysers.materialBySampleId(sampleId).orElseThrow(() -> Hl7Rejection.error(
                        Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "QC sample id '" + sampleId + "' (SPM-2 or OBR-3) is not a registered "
                                + "control material's; a lab manager registers the material with it; nothing was recorded"));
                measuredAt = measuredAt != null ? measuredAt : time(group.getOBR().getObservationDateTime());
                for (ORU_R01_OBSERVATION observation : group.getOBSERVATIONAll()) {
                    OBX obx = observation.getOBX();
                    Analyte analyte = analyte(obx.getObservationIdentifier());
                    resultsFor(sender, analyte);
                    equipment(obx).ifPresent(equipment::add);
                    Instant analysed = time(obx.getDateTimeOfTheAnalysis());
                    measuredAt = analysed != null ? analysed : measuredAt;
                    values.add(new QcRunSubmission.Value(material.code(), analyte.code(), value(obx)));
                }
            }
        }
        if (values.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "The QC message has no OBX results");
        }
        String analyser = analyser(sender, header, equipment).orElseThrow(() -> Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING,
                "OBX-18 does not name the analyser that measured the controls, and no analyser is registered as '"
                        + header.sendingApplication() + "'; nothing was recorded"));
        Prepared<List<java.util.UUID>> runs = qc.prepare(actor, new QcRunSubmission(analyser,
                measuredAt == null ? clock.instant() : measuredAt, values));
        return new InboundMessages.Accepted(runs.events(), Acknowledgement.accept(header, labFacility), () -> { });
    }

    /** A timestamp field, or null when empty. */
    private static Instant time(TS ts) throws HL7Exception {
        if (Segments.blankToNull(ts.getTime().getValue()) == null) {
            return null;
        }
        return ts.getTime().getValueAsDate().toInstant();
    }

    /** An analyser sends results for its own department's tests only. */
    private void resultsFor(Hl7Sender sender, Analyte analyte) {
        List<String> departments = catalogue.tests().stream().filter(t -> t.analytes().contains(analyte.code()))
                .map(LabTest::department).distinct().toList();
        if (departments.stream().noneMatch(sender.departments()::contains)) {
            throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "HL7 sender " + sender.name() + " is registered to send results for "
                    + sender.departments() + "; " + analyte.code() + " is measured in " + String.join(", ", departments)
                    + "; nothing was recorded");
        }
    }

    private Analyte analyte(CE code) {
        String id = Segments.blankToNull(code.getIdentifier().getValue());
        String system = code.getNameOfCodingSystem().getValue();
        Optional<Analyte> found = id == null ? Optional.empty()
                : "LN".equals(system) ? catalogue.findAnalyteByLoinc(id) : catalogue.findAnalyte(id);
        String alternate = Segments.blankToNull(code.getAlternateIdentifier().getValue());
        if (found.isEmpty() && alternate != null) {
            found = "LN".equals(code.getNameOfAlternateCodingSystem().getValue())
                    ? catalogue.findAnalyteByLoinc(alternate) : catalogue.findAnalyte(alternate);
        }
        return found.orElseThrow(() -> Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "OBX-3 test code '"
                + (id == null ? "" : id) + "'" + (system == null ? "" : " (" + system + ")")
                + " is not in the catalogue; send the local analyte code or its LOINC code with coding system LN"));
    }

    /**
     * OBX-5 as text; a coded answer (OBX-2 CE, CWE or CNE, e.g. 278147001^O RhD positive^SCT) by its identifier,
     * else its text, for the catalogue's code list to judge.
     */
    private static String value(OBX obx) throws HL7Exception {
        if (obx.getObservationValueReps() == 0) {
            return null;
        }
        String type = obx.getValueType().getValue();
        String encoded = Escape.unescape(obx.getObservationValue(0).encode(), EncodingCharacters.defaultInstance());
        if (type != null && CODED_TYPES.contains(type.strip()) && obx.getObservationValue(0).getData() instanceof Composite coded) {
            String identifier = coded.getComponent(0) instanceof Primitive p ? Segments.blankToNull(p.getValue()) : null;
            String text = coded.getComponent(1) instanceof Primitive p ? Segments.blankToNull(p.getValue()) : null;
            return identifier != null ? identifier : text;
        }
        return encoded;
    }

    /** SPM-2, else OBR-3 (filler order number), each a barcode or an accession number. */
    private static String specimenId(ORU_R01_ORDER_OBSERVATION group, OBR obr) throws HL7Exception {
        String id = specimenIdOrNull(group, obr);
        if (id == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING,
                    "Neither SPM-2 nor OBR-3 names the specimen (its barcode or accession number)");
        }
        return id;
    }

    private static String specimenIdOrNull(ORU_R01_ORDER_OBSERVATION group, OBR obr) throws HL7Exception {
        String id = null;
        if (group.getSPECIMENReps() > 0) {
            SPM spm = group.getSPECIMEN(0).getSPM();
            id = Segments.blankToNull(spm.getSpecimenID().getPlacerAssignedIdentifier().getEntityIdentifier().getValue());
            id = id != null ? id : Segments.blankToNull(spm.getSpecimenID().getFillerAssignedIdentifier().getEntityIdentifier().getValue());
        }
        return id != null ? id : Segments.blankToNull(obr.getFillerOrderNumber().getEntityIdentifier().getValue());
    }

    private String specimenOfAccession(String accession, Analyte analyte) {
        LabOrder order;
        try {
            order = orders.byAccession(accession);
        } catch (NotFound e) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "Unknown specimen: no specimen barcode or accession number '"
                    + accession + "' (SPM-2 or OBR-3)");
        }
        Set<String> types = new java.util.HashSet<>();
        order.tests().stream().map(catalogue::test).filter(t -> t.analytes().contains(analyte.code()))
                .forEach(t -> types.add(t.specimenType()));
        List<Specimen> candidates = specimens.forOrder(order.id()).stream()
                .filter(s -> s.status() == Specimen.Status.RECEIVED && types.contains(s.specimenType())).toList();
        if (candidates.size() != 1) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "Accession " + accession + " has "
                    + (candidates.isEmpty() ? "no received specimen" : "more than one received specimen")
                    + " for " + analyte.code() + "; send the tube's barcode in SPM-2");
        }
        return candidates.getFirst().barcode();
    }

    private void checkPatient(Segments.PatientIdentity identity, ResultDesk.RecordedResults recorded) {
        if (identity.nhsNumber() == null) {
            return;
        }
        boolean same = patients.findIdByNhsNumber(NhsNumber.parse(identity.nhsNumber()))
                .map(id -> id.equals(recorded.patientId())).orElse(false);
        if (!same) {
            throw Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER,
                    "PID-3 NHS number is not that of the patient whose specimen this is; check the specimen and patient");
        }
    }
}
