package org.pathguard.result;

import org.pathguard.lab.LabTime;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Autoverification;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.Interpretation;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Sex;
import org.pathguard.lab.Stability;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.qc.Analyser;
import org.pathguard.qc.Analysers;
import org.pathguard.qc.QualityControl;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Takes results for a received specimen, judges each against the patient's reference range and
 * critical limits, and either releases it (autoverification) or holds it for a scientist. A result from an analyser
 * whose QC for the analyte has failed is always held (reason QC) until a person accepts a new QC run.
 */
@Service
public class ResultDesk {

    private static final ZoneId LAB_ZONE = LabTime.ZONE;
    public static final int MAX_TEXT_RESULT = 500;

    private final EventLog log;
    private final Catalogue catalogue;
    private final SpecimenReception specimens;
    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final Results results;
    private final ApplicationEventPublisher notices;
    private final Analysers analysers;
    private final QualityControl qc;
    private final InstantSource clock;

    ResultDesk(EventLog log, Catalogue catalogue, SpecimenReception specimens, OrderDesk orders,
               PatientRegistry patients, Results results, ApplicationEventPublisher notices, Analysers analysers,
               QualityControl qc, InstantSource clock) {
        this.clock = clock;
        this.analysers = analysers;
        this.qc = qc;
        this.log = log;
        this.catalogue = catalogue;
        this.specimens = specimens;
        this.orders = orders;
        this.patients = patients;
        this.results = results;
        this.notices = notices;
    }

    public List<LabResult> record(Actor actor, ResultSubmission submission) {
        Prepared<RecordedResults> recorded = prepare(actor, submission);
        try {
            log.append(actor.logName(), recorded.events());
        } catch (DuplicateKeyException race) {
            throw new Conflict("Another submission recorded results for specimen " + submission.barcode() + " at the same time");
        }
        announce(actor, recorded.outcome());
        return results.byIds(recorded.outcome().resultIds());
    }

    /**
     * What a submission records: the order and patient it belongs to, the order's results before it,
     * and the new results as they will read once appended (so a report can be prepared in the same append).
     */
    public record RecordedResults(LabOrder order, UUID patientId, List<LabResult> before, List<LabResult> results,
                                  boolean anyFinal) {

        public UUID orderId() {
            return order.id();
        }

        public List<UUID> resultIds() {
            return results.stream().map(LabResult::id).toList();
        }
    }

    /** Tells reporting, after the append has committed, that results were released. */
    public void announce(Actor actor, RecordedResults recorded) {
        if (recorded.anyFinal()) {
            notices.publishEvent(new ResultsFinalised(recorded.orderId(), actor.logName(), false));
        }
    }

    /** Checks and judges a submission; returns the events that record it, not yet appended. */
    public Prepared<RecordedResults> prepare(Actor actor, ResultSubmission submission) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.INTERFACE);
        if (submission.results() == null || submission.results().isEmpty()) {
            throw new LabRuleViolation("no-results", "A result submission needs at least one result");
        }
        Specimen specimen = specimens.byBarcode(submission.barcode());
        if (specimen.status() == Specimen.Status.REJECTED) {
            throw new Conflict("Specimen " + specimen.barcode() + " was rejected (" + specimen.rejectionReason()
                    + "); results cannot be recorded on it");
        }
        if (specimen.status() == Specimen.Status.ELSEWHERE) {
            throw new Conflict("Specimen " + specimen.barcode() + " was tested at a partner laboratory while this lab was down; "
                    + "its results are the partner's");
        }
        if (specimen.status() != Specimen.Status.RECEIVED) {
            throw new Conflict("Specimen " + specimen.barcode() + " has not been received in the lab yet");
        }
        LabOrder order = orders.byId(specimen.orderId());
        Patient patient = patients.get(order.patientId());
        int age = ageAtCollection(patient, specimen.collectedAt());
        Set<String> runFlags = flags(submission.analyserFlags());
        String analyserCode = submission.analyser() == null || submission.analyser().isBlank() ? null : submission.analyser().strip();
        Analyser analyser = analyserCode == null ? null : analysers.requireRegistered(analyserCode);
        Set<String> outOfControl = analyser == null ? Set.of() : qc.outOfControl(analyserCode);
        List<LabResult> onOrder = results.forOrder(order.id());
        Map<String, LabResult> onSpecimen = onOrder.stream().filter(r -> r.specimenId().equals(specimen.id()))
                .collect(java.util.stream.Collectors.toMap(LabResult::analyteCode, r -> r));
        Map<String, BigDecimal> previousValues = results.previousValues(patient.id(), specimen.id());

        List<ResultsRecorded.Result> each = new ArrayList<>();
        List<NewEvent> alerts = new ArrayList<>();
        List<LabResult> recorded = new ArrayList<>();
        Instant now = clock.instant();
        Set<String> seen = new HashSet<>();
        boolean anyFinal = false;
        for (ResultSubmission.Item item : submission.results()) {
            if (item == null) {
                throw new LabRuleViolation("missing-value", "results must not contain empty entries");
            }
            if (item.analyte() == null || !seen.add(item.analyte())) {
                throw new LabRuleViolation("duplicate-analyte", "Each analyte may appear once per submission");
            }
            Analyte analyte = catalogue.findAnalyte(item.analyte()).orElseThrow(() -> new LabRuleViolation(
                    "unknown-test-code", "Unknown analyte/test code '" + item.analyte() + "'"));
            if (analyser != null) {
                analyser.requireMeasures(analyte.code());
            }
            LabTest test = requestedTest(order, specimen, analyte);
            Value value = parse(analyte, item);
            Optional<LabResult> existing = Optional.ofNullable(onSpecimen.get(analyte.code()));
            if (existing.isPresent() && existing.get().status() != ResultStatus.REJECTED) {
                throw new Conflict("Specimen " + specimen.barcode() + " already has a " + analyte.code()
                        + " result; amend it instead of sending it again", Map.of("resultId", existing.get().id()));
            }
            BigDecimal previous = value.numeric() == null ? null : previousValues.get(analyte.code());
            Interpretation interpretation = value.numeric() == null ? null
                    : Interpretation.of(analyte, value.numeric(), patient.sex(), age);
            Set<String> analyserFlags = new LinkedHashSet<>(runFlags);
            analyserFlags.addAll(flags(item.analyserFlags()));
            // Measured now, an analyte whose tube is older than its stability may not read the patient's blood: held, never released by itself.
            boolean pastStability = !Stability.pastAt(catalogue, specimen.specimenType(), List.of(analyte.code()),
                    specimen.collectedAt(), now).isEmpty();
            Autoverification.Verdict verdict = Autoverification.decide(analyte, value.numeric(), interpretation,
                    analyserFlags, previous, outOfControl.contains(analyte.code()), pastStability);
            boolean critical = interpretation != null && interpretation.critical();
            UUID resultId = existing.map(LabResult::id).orElseGet(UUID::randomUUID);
            int version = existing.map(r -> r.version() + 1).orElse(1);
            Measurement measurement = Measurement.of(value.text(), value.numeric(), analyte.unit(), interpretation,
                    List.copyOf(analyserFlags), previous, null);
            ResultStatus status = verdict.release() ? ResultStatus.FINAL : ResultStatus.PRELIMINARY;
            anyFinal |= verdict.release();
            each.add(new ResultsRecorded.Result(resultId, version, test.code(), analyte.code(), measurement, critical,
                    verdict.reasons(), status));
            if (critical) {
                alerts.add(NewEvent.of(order.id(), new CriticalAlertRaised(UUID.randomUUID(), resultId, order.id())));
            }
            recorded.add(new LabResult(resultId, order.id(), specimen.id(), patient.id(), test.code(), analyte.code(), version,
                    status, critical, verdict.reasons(), measurement, now, actor.logName(),
                    verdict.release() ? now : null, verdict.release() ? ResultProjection.AUTOVERIFICATION : null,
                    submission.performedBy(), analyserCode));
        }
        // The results first, as one event; each alert after it names a result row that then exists.
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.of(order.id(), new ResultsRecorded(order.id(), specimen.id(), patient.id(), submission.performedBy(),
                analyserCode, each)));
        events.addAll(alerts);
        return new Prepared<>(new RecordedResults(order, patient.id(), onOrder, recorded, anyFinal), events);
    }

    /** A tube of an order done elsewhere, for results to hang on: its type and when the blood was taken. */
    public record TubeElsewhere(UUID specimenId, String specimenType, Instant collectedAt) {
    }

    /**
     * Results a partner laboratory performed and reported for an order done elsewhere ({@code items} in our analyte
     * codes and units), filed as FINAL in the partner's name: judged against our ranges so the history reads alike,
     * but not autoverified, QC-gated, held, phoned or reported here (the partner did all of that). A result already
     * filed for the analyte is amended when the partner's value changed and left alone when it did not. Returns the
     * events (none when nothing changed), not yet appended. The patient's sex and birth date come from the caller: a
     * patient new to this lab is registered in the same append.
     */
    public List<NewEvent> prepareDoneElsewhere(Actor actor, LabOrder order, Sex sex, LocalDate dateOfBirth, List<TubeElsewhere> tubes,
                                               PerformingLab partner, List<ResultSubmission.Item> items) {
        actor.require(Actor.Role.INTERFACE);
        if (items == null || items.isEmpty()) {
            throw new LabRuleViolation("no-results", "A partner's report needs at least one result");
        }
        Map<String, LabResult> filed = results.forOrder(order.id()).stream()
                .collect(java.util.stream.Collectors.toMap(LabResult::analyteCode, r -> r));
        List<NewEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ResultSubmission.Item item : items) {
            if (item.analyte() == null || !seen.add(item.analyte())) {
                throw new LabRuleViolation("duplicate-analyte", "Each analyte may appear once in a partner's report");
            }
            Analyte analyte = catalogue.findAnalyte(item.analyte()).orElseThrow(() -> new LabRuleViolation(
                    "unknown-analyte-code", "Unknown analyte code '" + item.analyte() + "'"));
            LabTest test = order.tests().stream().map(catalogue::test).filter(t -> t.analytes().contains(analyte.code())).findFirst()
                    .orElseThrow(() -> new LabRuleViolation("analyte-not-requested", analyte.code() + " is not part of the tests "
                            + order.tests() + " the partner reported on this order"));
            TubeElsewhere tube = tubes.stream().filter(t -> t.specimenType().equals(test.specimenType())).findFirst()
                    .orElseThrow(() -> new LabRuleViolation("analyte-not-requested", "The order has no " + test.specimenType()
                            + " tube at the partner for " + test.code()));
            Value value = parse(analyte, item);
            Interpretation interpretation = value.numeric() == null ? null
                    : Interpretation.of(analyte, value.numeric(), sex,
                    Interpretation.ageInYears(dateOfBirth, tube.collectedAt().atZone(LAB_ZONE).toLocalDate()));
            boolean critical = interpretation != null && interpretation.critical();
            LabResult earlier = filed.get(analyte.code());
            if (earlier == null) {
                Measurement measurement = Measurement.of(value.text(), value.numeric(), analyte.unit(), interpretation, List.of(),
                        null, null);
                events.add(NewEvent.of(order.id(), new ResultRecorded(UUID.randomUUID(), 1, order.id(), tube.specimenId(),
                        order.patientId(), test.code(), analyte.code(), measurement, critical, List.of(), ResultStatus.FINAL, partner,
                        null)));
            } else if (!earlier.measurement().value().equals(value.text())) {
                String reason = "Amended by " + partner.name() + " (" + partner.odsCode() + ")";
                Measurement measurement = Measurement.of(value.text(), value.numeric(), analyte.unit(), interpretation, List.of(),
                        earlier.measurement().previousValue(), reason);
                events.add(NewEvent.of(order.id(), new ResultAmended(earlier.id(), order.id(), earlier.version() + 1, measurement,
                        critical, reason)));
            }
        }
        return events;
    }

    /** Reference ranges are banded by the patient's age on the (UK) day the specimen was taken. */
    static int ageAtCollection(Patient patient, Instant collectedAt) {
        return Interpretation.ageInYears(patient.dateOfBirth(), collectedAt.atZone(LAB_ZONE).toLocalDate());
    }

    private LabTest requestedTest(LabOrder order, Specimen specimen, Analyte analyte) {
        return order.tests().stream().map(catalogue::test)
                .filter(t -> t.specimenType().equals(specimen.specimenType()) && t.analytes().contains(analyte.code()))
                .findFirst()
                .orElseThrow(() -> new LabRuleViolation("analyte-not-requested", analyte.code()
                        + " was not requested on this order for a " + specimen.specimenType() + " specimen"
                        + (orders.cancelledTests(order.id()).stream().map(catalogue::test).anyMatch(t -> t.analytes().contains(analyte.code()))
                        ? " (its test was cancelled)" : "")));
    }

    /** A value as it will be reported: its text, and its number for numeric analytes. */
    public record Value(String text, BigDecimal numeric) {
    }

    /**
     * Checks the unit against the catalogue and the value against the analyte's kind: a coded result takes only
     * its list, a number only the range possible in a patient. Every door (API, HL7, screens, amendments) comes here.
     */
    public static Value parse(Analyte analyte, ResultSubmission.Item item) {
        String raw = item.value() == null ? "" : item.value().trim();
        if (raw.isEmpty()) {
            throw new LabRuleViolation("missing-value", analyte.code() + " has no value");
        }
        if (analyte.coded()) {
            // The report carries the answer's words whichever of its names was sent (code, SNOMED CT, words).
            return new Value(analyte.answer(raw).words(), null);
        }
        if (!analyte.numeric()) {
            if (raw.length() > MAX_TEXT_RESULT) {
                throw new LabRuleViolation("value-too-long", analyte.code() + " text is longer than " + MAX_TEXT_RESULT + " characters");
            }
            return new Value(raw, null);
        }
        if (item.unit() != null && !item.unit().equals(analyte.unit())) {
            throw new LabRuleViolation("unit-mismatch", analyte.code() + " is reported in " + analyte.unit()
                    + " but the result came in '" + item.unit() + "'");
        }
        BigDecimal number;
        try {
            number = new BigDecimal(raw);
        } catch (NumberFormatException e) {
            throw new LabRuleViolation("not-a-number", analyte.code() + " needs a numeric value");
        }
        // Scale and precision first: rounding "1e-999999999" would take minutes.
        if (number.precision() > 30 || Math.abs(number.scale()) > 20
                || number.abs().compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
            throw new LabRuleViolation("value-out-of-bounds", analyte.code() + " value is implausibly large");
        }
        analyte.requirePossible(number);
        BigDecimal reported = analyte.decimals() == null ? number : number.setScale(analyte.decimals(), RoundingMode.HALF_UP);
        return new Value(reported.toPlainString(), reported);
    }

    private static Set<String> flags(List<String> flags) {
        Set<String> out = new LinkedHashSet<>();
        if (flags != null) {
            flags.stream().filter(f -> f != null && !f.isBlank()).map(String::trim).forEach(out::add);
        }
        return out;
    }
}
