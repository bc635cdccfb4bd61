package org.pathguard.result;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Interpretation;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.qc.QualityControl;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The validation queue and what a scientist does with a held or reported result. */
@Service
public class Validation {

    private final EventLog log;
    private final JdbcClient db;
    private final Results results;
    private final Catalogue catalogue;
    private final PatientRegistry patients;
    private final SpecimenReception specimens;
    private final ApplicationEventPublisher notices;

    private final PatientReads reads;
    private final AuthorisationPolicy policy;
    private final QualityControl qc;

    Validation(EventLog log, JdbcClient db, Results results, Catalogue catalogue, PatientRegistry patients,
               SpecimenReception specimens, ApplicationEventPublisher notices, PatientReads reads, Environment settings,
               QualityControl qc) {
        this.qc = qc;
        this.reads = reads;
        this.policy = AuthorisationPolicy.fromSettings(settings::getProperty);
        this.log = log;
        this.db = db;
        this.results = results;
        this.catalogue = catalogue;
        this.patients = patients;
        this.specimens = specimens;
        this.notices = notices;
    }

    /**
     * A held result with what a scientist needs to decide: why it was held, the change from last time, and
     * whether the person asking may authorise it (the authorisation policy for their role).
     */
    public record HeldResult(String accession, Priority priority, String analyteName, BigDecimal delta, boolean authorisable,
                             LabResult result) {
    }

    /**
     * Which held results to show: a department or one test (a bench), a priority, a hold reason, critical values
     * only, or only those the person may authorise. Null or false means no filter on that.
     */
    public record QueueFilter(String department, String testCode, Priority priority, HoldReason holdReason,
                              boolean criticalOnly, boolean mineOnly) {

        public static final QueueFilter NONE = new QueueFilter(null, null, null, null, false, false);
    }

    /** One page of the queue, how many held results match the filter, and how many are held in all. */
    public record QueuePage(List<HeldResult> results, int total, int heldInAll, int offset, int limit) {
    }

    /**
     * Held results matching the filter, critical first, then by clinical priority, then oldest first: the
     * page from {@code offset}, at most {@code limit}. Filtering and paging happen in the query, so only the
     * patients on the page pass the read gate and are decrypted.
     */
    public QueuePage queue(Actor actor, QueueFilter filter, int offset, int limit) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        record Held(UUID resultId, String accession, Priority priority, UUID patientId) {
        }
        StringBuilder where = new StringBuilder("r.status = 'PRELIMINARY'");
        List<Object> params = new ArrayList<>();
        if (filter.department() != null) {
            String[] tests = catalogue.tests().stream().filter(t -> t.department().equals(filter.department()))
                    .map(LabTest::code).toArray(String[]::new);
            if (tests.length == 0) {
                throw new LabRuleViolation("unknown-department", "No department '" + filter.department() + "' in the catalogue; it lists "
                        + String.join(", ", departments()));
            }
            where.append(" and r.test_code = any(?)");
            params.add(tests);
        }
        if (filter.testCode() != null) {
            where.append(" and r.test_code = ?");
            params.add(catalogue.test(filter.testCode()).code());
        }
        if (filter.priority() != null) {
            where.append(" and o.priority = ?");
            params.add(filter.priority().name());
        }
        if (filter.holdReason() != null) {
            where.append(" and ? = any(string_to_array(r.hold_reasons, ','))");
            params.add(filter.holdReason().name());
        }
        if (filter.criticalOnly()) {
            where.append(" and r.critical");
        }
        if (filter.mineOnly()) {
            AuthorisationPolicy.Rule rule = policy.ruleFor(actor.role());
            where.append(" and string_to_array(coalesce(r.hold_reasons, ''), ',') <@ ?::text[] and o.priority = any(?)");
            params.add(rule.holdReasons().stream().map(Enum::name).toArray(String[]::new));
            params.add(rule.priorities().stream().map(Enum::name).toArray(String[]::new));
        }
        int total = db.sql("select count(*) from result r join lab_order o on o.id = r.order_id where " + where)
                .params(params).query(Integer.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(Math.clamp(limit, 1, 1000));
        paged.add(Math.max(0, offset));
        List<Held> rows = db.sql("select r.id, o.accession, o.priority, o.patient_id from result r join lab_order o on o.id = r.order_id where "
                        + where + """
                         order by r.critical desc,
                                 case o.priority when 'CRITICAL' then 0 when 'URGENT' then 1 else 2 end,
                                 r.recorded_at, o.accession, r.analyte_code, r.id
                        limit ? offset ?""")
                .params(paged)
                .query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getString(2), Priority.valueOf(rs.getString(3)),
                        rs.getObject(4, UUID.class)))
                .list();
        reads.patients(actor, rows.stream().map(Held::patientId).toList(), "validation-queue");
        List<LabResult> opened = results.byIds(rows.stream().map(Held::resultId).toList());
        List<HeldResult> held = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Held row = rows.get(i);
            LabResult r = opened.get(i);
            Measurement m = r.measurement();
            BigDecimal delta = m.numeric() != null && m.previousValue() != null ? m.numeric().subtract(m.previousValue()) : null;
            held.add(new HeldResult(row.accession(), row.priority(), catalogue.analyte(r.analyteCode()).name(), delta,
                    policy.allows(actor.role(), row.priority(), r.holdReasons()), r));
        }
        int heldInAll = params.isEmpty() && !filter.criticalOnly() ? total
                : db.sql("select count(*) from result where status = 'PRELIMINARY'").query(Integer.class).single();
        return new QueuePage(held, total, heldInAll, Math.max(0, offset), Math.clamp(limit, 1, 1000));
    }

    /** The catalogue's departments, for the queue's filter. */
    public List<String> departments() {
        return catalogue.tests().stream().map(LabTest::department).distinct().sorted().toList();
    }

    /** Who may authorise what: the queue shows it per row, and {@link #authorise} enforces it for every door. */
    public AuthorisationPolicy policy() {
        return policy;
    }

    /** Whether this person may authorise this held result (the page re-drawing one decision asks). */
    public boolean mayAuthorise(Actor actor, LabResult result) {
        return policy.allows(actor.role(), priorityOf(result), result.holdReasons());
    }

    /** The whole specimen beside one held result: every analyte on it with its flag, and the patient's previous set. */
    public record Panel(LabResult held, Instant collectedAt, Instant previousCollectedAt, List<PanelLine> lines) {
    }

    /** One analyte of the panel: its result on this specimen and on the patient's previous one (null if none). */
    public record PanelLine(String analyteName, LabResult now, LabResult previous) {
    }

    public Panel panel(Actor actor, UUID resultId) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        reads.result(actor, resultId, "result-panel");
        LabResult held = results.byId(resultId);
        List<LabResult> now = results.forSpecimen(held.specimenId());
        Instant collectedAt = specimens.byId(held.specimenId()).collectedAt();
        record Previous(UUID specimenId, Instant collectedAt) {
        }
        Previous previous = db.sql("""
                        select s.id, s.collected_at from result r join specimen s on s.id = r.specimen_id
                        where r.patient_id = ? and r.specimen_id <> ? and r.status in ('FINAL', 'AMENDED')
                          and r.test_code = any(?) and s.collected_at < ?
                        order by s.collected_at desc, s.id limit 1""")
                .params(held.patientId(), held.specimenId(), now.stream().map(LabResult::testCode).distinct().toArray(String[]::new),
                        java.sql.Timestamp.from(collectedAt))
                .query((rs, n) -> new Previous(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).optional().orElse(null);
        Map<String, LabResult> before = new HashMap<>();
        if (previous != null) {
            results.forSpecimen(previous.specimenId()).stream()
                    .filter(r -> r.status() == ResultStatus.FINAL || r.status() == ResultStatus.AMENDED)
                    .forEach(r -> before.put(r.analyteCode(), r));
        }
        List<PanelLine> lines = now.stream()
                .map(r -> new PanelLine(catalogue.analyte(r.analyteCode()).name(), r, before.get(r.analyteCode()))).toList();
        return new Panel(held, collectedAt, previous == null ? null : previous.collectedAt(), lines);
    }

    /**
     * Authorises a held result as final, if the authorisation policy lets this person's role authorise a result
     * held for these reasons at this priority: the rule holds for the API, the screens and the batch alike. A result
     * held for QC, or measured since the last QC run accepted before the failure, is refused while its analyser is still
     * out of control for the analyte, whoever asks.
     */
    public LabResult authorise(Actor actor, UUID resultId, String comment) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        LabResult r = held(resultId);
        if (r.analyser() != null) {
            // Also a result recorded in the instant the failure was being appended, which missed its QC hold.
            qc.openFailure(r.analyser(), r.analyteCode())
                    .filter(failure -> r.holdReasons().contains(HoldReason.QC) || failure.since() == null || r.recordedAt().isAfter(failure.since()))
                    .ifPresent(failure -> {
                        throw new Conflict("This result cannot be authorised while its analyser is out of control: " + failure.holdExplanation(),
                                Map.of("qcFailureId", failure.id()));
                    });
        }
        policy.check(actor, priorityOf(r), r.holdReasons());
        log.append(actor.logName(), NewEvent.of(r.orderId(), new ResultAuthorised(r.id(), r.orderId(), comment)));
        notices.publishEvent(new ResultsFinalised(r.orderId(), actor.logName(), false));
        return results.byId(resultId);
    }

    private Priority priorityOf(LabResult result) {
        return Priority.valueOf(db.sql("select priority from lab_order where id = ?").param(result.orderId()).query(String.class).single());
    }

    public LabResult reject(Actor actor, UUID resultId, String comment) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        if (comment == null || comment.isBlank()) {
            throw new LabRuleViolation("missing-field", "A rejection needs a comment saying why (it goes to the repeat request)");
        }
        LabResult r = held(resultId);
        log.append(actor.logName(), NewEvent.of(r.orderId(), new ResultRejected(r.id(), r.orderId(), comment)));
        return results.byId(resultId);
    }

    /** Corrects a reported result; the earlier value stays in the history and the report is re-issued. */
    public LabResult amend(Actor actor, UUID resultId, String value, String unit, String reason) {
        actor.require(Actor.Role.AUTHORISER);
        if (reason == null || reason.isBlank()) {
            throw new LabRuleViolation("missing-field", "An amendment needs a reason");
        }
        LabResult r = results.byId(resultId);
        if (r.status() != ResultStatus.FINAL && r.status() != ResultStatus.AMENDED) {
            throw new Conflict("Only a reported (final or amended) result can be amended; this one is " + r.status());
        }
        Analyte analyte = catalogue.analyte(r.analyteCode());
        ResultDesk.Value parsed = ResultDesk.parse(analyte, new ResultSubmission.Item(analyte.code(), value, unit, null));
        Interpretation interpretation = null;
        if (parsed.numeric() != null) {
            Patient patient = patients.get(r.patientId());
            interpretation = Interpretation.of(analyte, parsed.numeric(), patient.sex(),
                    ResultDesk.ageAtCollection(patient, specimens.byId(r.specimenId()).collectedAt()));
        }
        Measurement was = r.measurement();
        Measurement now = Measurement.of(parsed.text(), parsed.numeric(), analyte.unit(), interpretation,
                was.analyserFlags(), was.previousValue(), reason);
        boolean critical = interpretation != null && interpretation.critical();
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.of(r.orderId(), new ResultAmended(r.id(), r.orderId(), r.version() + 1, now, critical, reason)));
        if (critical) {
            events.add(NewEvent.of(r.orderId(), new CriticalAlertRaised(UUID.randomUUID(), r.id(), r.orderId())));
        }
        log.append(actor.logName(), events);
        notices.publishEvent(new ResultsFinalised(r.orderId(), actor.logName(), true));
        return results.byId(resultId);
    }

    private LabResult held(UUID resultId) {
        LabResult r = results.byId(resultId);
        if (r.status() != ResultStatus.PRELIMINARY) {
            throw new Conflict("Result " + resultId + " is not waiting for validation (it is " + r.status() + ")");
        }
        return r;
    }
}
