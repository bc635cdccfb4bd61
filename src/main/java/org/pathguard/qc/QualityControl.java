package org.pathguard.qc;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * QC runs judged by the Westgard rules per analyte and analyser, and where each analyte on each analyser stands. A
 * rejected run puts it out of control: its released results since the last accepted run are listed for look-back and
 * those awaiting validation are held (reason QC), in the same append. Only a person puts it back in control, by
 * accepting a later passing run with a reason. Patient results ask {@link #openFailure} whether they may be released.
 */
@Service
public class QualityControl {

    /** The acceptance reason of a run that passed (or only warned) while the analyte was in control. */
    public static final String ACCEPTED_IN_CONTROL = "Passed while in control";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MOST_VALUES = 200;
    /** Enough earlier runs for the longest rule (10x within one material). */
    private static final int RUNS_LOOKED_AT = 12;

    private final EventLog log;
    private final JdbcClient db;
    private final Analysers analysers;
    private final AnalyserResults patientResults;
    private final InstantSource clock;

    QualityControl(EventLog log, JdbcClient db, Analysers analysers, AnalyserResults patientResults, InstantSource clock) {
        this.clock = clock;
        this.log = log;
        this.db = db;
        this.analysers = analysers;
        this.patientResults = patientResults;
    }

    /** Records and judges a submission's runs (one per analyte); returns them as judged. */
    public List<QcRun> record(Actor actor, QcRunSubmission submission) {
        Prepared<List<UUID>> prepared = prepare(actor, submission);
        try {
            log.append(actor.logName(), prepared.events());
        } catch (DuplicateKeyException race) {
            throw new Conflict("Another QC run of " + submission.analyser() + " was recorded at the same time; send this one again");
        }
        return prepared.outcome().stream().map(this::run).toList();
    }

    /**
     * Checks a submission and judges each analyte's run; returns the run ids and the events that record them, the
     * failures they cause and the holds those put on patient results, not yet appended (the HL7 door appends them
     * with the message). Nothing is written for a submission with any value refused.
     */
    public Prepared<List<UUID>> prepare(Actor actor, QcRunSubmission submission) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.INTERFACE);
        if (submission.analyser() == null || submission.analyser().isBlank()) {
            throw new LabRuleViolation("missing-field", "analyser (the code of the analyser that measured the controls) is required");
        }
        if (submission.measuredAt() == null) {
            throw new LabRuleViolation("missing-field", "measuredAt (when the controls were measured) is required");
        }
        if (submission.measuredAt().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw new LabRuleViolation("time-in-future", "measuredAt " + submission.measuredAt() + " is in the future");
        }
        if (submission.values() == null || submission.values().isEmpty()) {
            throw new LabRuleViolation("no-results", "A QC run needs at least one control value");
        }
        if (submission.values().size() > MOST_VALUES) {
            throw new LabRuleViolation("too-many-values", "A QC submission takes at most " + MOST_VALUES + " values");
        }
        LocalDate measuredOn = submission.measuredAt().atZone(LabTime.ZONE).toLocalDate();
        Map<String, List<Control>> byAnalyte = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (QcRunSubmission.Value v : submission.values()) {
            if (v == null || v.material() == null || v.analyte() == null) {
                throw new LabRuleViolation("missing-field", "Each QC value names its material and analyte");
            }
            Analyser analyser = analysers.requireMeasures(submission.analyser(), v.analyte());
            QcMaterial material = analysers.findMaterial(v.material()).orElseThrow(() -> new LabRuleViolation("unknown-qc-material",
                    "QC material '" + v.material() + "' is not registered"));
            if (material.expiredOn(measuredOn)) {
                throw new LabRuleViolation("expired-material", "QC material " + material.code() + " (lot " + material.lot()
                        + ") expired on " + material.expiresOn() + "; open a new lot and register it");
            }
            QcMaterial.Target target = material.targets().stream()
                    .filter(t -> t.analyser().equals(analyser.code()) && t.analyte().equals(v.analyte())).findFirst()
                    .orElseThrow(() -> new LabRuleViolation("no-qc-target", "QC material " + material.code() + " has no target for "
                            + v.analyte() + " on " + analyser.code()));
            if (!seen.add(material.code() + "/" + v.analyte())) {
                throw new LabRuleViolation("duplicate-analyte", v.analyte() + " of material " + material.code() + " is sent twice");
            }
            byAnalyte.computeIfAbsent(v.analyte(), a -> new ArrayList<>()).add(new Control(material.code(), number(v), target));
        }
        List<NewEvent> events = new ArrayList<>();
        List<UUID> runs = new ArrayList<>();
        byAnalyte.forEach((analyte, controls) -> runs.add(judge(submission.analyser(), analyte, submission.measuredAt(), controls, events)));
        return new Prepared<>(runs, events);
    }

    private record Control(String material, BigDecimal value, QcMaterial.Target target) {
    }

    private static BigDecimal number(QcRunSubmission.Value v) {
        try {
            BigDecimal n = new BigDecimal(v.value() == null ? "" : v.value().strip());
            if (n.precision() > 30 || Math.abs(n.scale()) > 20 || n.abs().compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
                throw new LabRuleViolation("value-out-of-bounds", v.analyte() + " QC value is implausibly large");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new LabRuleViolation("not-a-number", v.analyte() + " of material " + v.material() + " needs a numeric QC value");
        }
    }

    /** Judges one analyte's run against the earlier runs that still count, and adds the events that record it. */
    private UUID judge(String analyser, String analyte, Instant measuredAt, List<Control> controls, List<NewEvent> events) {
        State state = state(analyser, analyte);
        record Last(int order, Instant measuredAt) {
        }
        Last last = db.sql("select run_order, measured_at from qc_run where analyser_code = ? and analyte_code = ? order by run_order desc limit 1")
                .params(analyser, analyte).query((rs, n) -> new Last(rs.getInt(1), rs.getTimestamp(2).toInstant())).optional()
                .orElse(new Last(0, null));
        if (last.measuredAt() != null && measuredAt.isBefore(last.measuredAt())) {
            throw new Conflict("QC runs of " + analyte + " on " + analyser + " are judged in the order they were measured; the last was measured at "
                    + last.measuredAt() + ", after this one (" + measuredAt + ")");
        }
        UUID runId = UUID.randomUUID();
        int order = last.order() + 1;
        List<QcPoint> newRun = new ArrayList<>();
        List<QcRunRecorded.RecordedPoint> recorded = new ArrayList<>();
        for (Control c : controls) {
            UUID id = UUID.randomUUID();
            newRun.add(new QcPoint(id, runId, order, c.material(), c.value(), c.target().mean(), c.target().sd()));
            recorded.add(new QcRunRecorded.RecordedPoint(id, c.material(), c.value(), c.target().mean(), c.target().sd()));
        }
        Westgard.Judgement judgement = Westgard.judge(newRun, earlierThatCount(analyser, analyte, order));
        QcOutcome outcome = judgement.rejected() ? QcOutcome.REJECTED : judgement.warned() ? QcOutcome.WARNING : QcOutcome.PASSED;
        List<QcRun.Finding> findings = judgement.violations().stream()
                .map(v -> new QcRun.Finding(v.rule().label(), v.rule().rejects(), v.explanation())).toList();
        String stream = "qc/" + analyser + "/" + analyte;
        events.add(NewEvent.of(stream, new QcRunRecorded(runId, analyser, analyte, order, measuredAt, recorded, outcome, findings,
                state.inControl() && outcome != QcOutcome.REJECTED)));
        // A rejection while already out of control changes nothing more: the failure that holds the results stands.
        if (outcome == QcOutcome.REJECTED && state.inControl()) {
            UUID failureId = UUID.randomUUID();
            List<QcRun.Finding> rejecting = findings.stream().filter(QcRun.Finding::rejects).toList();
            events.add(NewEvent.of(stream, new AnalyteOutOfControl(failureId, analyser, analyte, runId,
                    rejecting.stream().map(QcRun.Finding::rule).toList(),
                    rejecting.stream().map(QcRun.Finding::explanation).collect(Collectors.joining("; ")),
                    state.lastAcceptedRun(), state.lastAcceptedAt(),
                    patientResults.released(analyser, analyte, state.lastAcceptedAt()))));
            events.addAll(patientResults.holdAwaitingValidation(analyser, analyte, state.lastAcceptedAt(), failureId));
        }
        return runId;
    }

    /** The points of the pair's last runs (enough for every rule) that still count, as {@link QcHistory} decides. */
    private List<QcPoint> earlierThatCount(String analyser, String analyte, int order) {
        record Row(int order, boolean rejected, QcPoint point) {
        }
        List<Row> rows = db.sql("""
                        select r.id as run, r.run_order, r.outcome, p.id, p.material_code, p.value, p.mean, p.sd
                        from qc_run r join qc_point p on p.run_id = r.id
                        where r.analyser_code = ? and r.analyte_code = ? and r.run_order > ? order by r.run_order""")
                .params(analyser, analyte, order - 1 - RUNS_LOOKED_AT)
                .query((rs, n) -> new Row(rs.getInt("run_order"), "REJECTED".equals(rs.getString("outcome")),
                        new QcPoint(rs.getObject("id", UUID.class), rs.getObject("run", UUID.class), rs.getInt("run_order"),
                                rs.getString("material_code"), rs.getBigDecimal("value"), rs.getBigDecimal("mean"), rs.getBigDecimal("sd"))))
                .list();
        List<QcHistory.PastRun> runs = rows.stream()
                .collect(Collectors.groupingBy(Row::order, LinkedHashMap::new, Collectors.toList()))
                .values().stream()
                .map(points -> new QcHistory.PastRun(points.getFirst().order(), points.getFirst().rejected(),
                        points.stream().map(Row::point).toList()))
                .toList();
        int accepted = db.sql("""
                        select coalesce(max(a.run_order), 0) from qc_failure f join qc_run a on a.id = f.accepted_run
                        where f.analyser_code = ? and f.analyte_code = ?""")
                .params(analyser, analyte).query(Integer.class).single();
        return QcHistory.earlierThatCount(runs, accepted);
    }

    private record State(boolean inControl, UUID failureId, UUID lastAcceptedRun, Instant lastAcceptedAt) {
    }

    private State state(String analyser, String analyte) {
        return db.sql("select * from qc_state where analyser_code = ? and analyte_code = ?").params(analyser, analyte)
                .query((rs, n) -> new State(rs.getBoolean("in_control"), rs.getObject("failure_id", UUID.class),
                        rs.getObject("last_accepted_run", UUID.class), instant(rs, "last_accepted_measured_at")))
                .optional().orElse(new State(true, null, null, null));
    }

    /**
     * After a failure, a scientist, authoriser or lab manager accepts a specific later run that passed (or only
     * warned), saying why; the analyte is back in control from it. Results held for QC stay held for a person to
     * confirm: nothing is released by this.
     */
    public QcRun accept(Actor actor, UUID runId, String reason) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        String why = FreeText.reason("The reason for accepting QC", reason, "recalibrated K, both levels now within 1 SD");
        QcRun run = run(runId);
        State state = state(run.analyser(), run.analyte());
        if (state.inControl()) {
            throw new Conflict(run.analyte() + " on " + run.analyser() + " is in control; a person accepts a run only after a QC failure");
        }
        QcFailure failure = failure(state.failureId());
        if (run.outcome() == QcOutcome.REJECTED) {
            throw new Conflict("Run " + runId + " was rejected (" + String.join(", ", run.rules())
                    + ") and cannot be accepted; run QC again and accept a run that passes");
        }
        if (run.runOrder() <= run(failure.runId()).runOrder()) {
            throw new Conflict("Run " + runId + " was measured before the failure it would resolve; accept a run measured after it");
        }
        log.append(actor.logName(), NewEvent.of("qc/" + run.analyser() + "/" + run.analyte(),
                new QcRunAccepted(runId, failure.id(), run.analyser(), run.analyte(), why)));
        return run(runId);
    }

    /** The analytes of one analyser that are out of control now: one look-up for all of a specimen's results. */
    public Set<String> outOfControl(String analyser) {
        return Set.copyOf(db.sql("select analyte_code from qc_state where analyser_code = ? and not in_control")
                .param(analyser).query(String.class).list());
    }

    /** The open failure of this analyte on this analyser, if it is out of control. */
    public Optional<QcFailure> openFailure(String analyser, String analyte) {
        return db.sql("""
                        select f.* from qc_state s join qc_failure f on f.id = s.failure_id
                        where s.analyser_code = ? and s.analyte_code = ? and not s.in_control""")
                .params(analyser, analyte).query(QualityControl::failure).optional();
    }

    /** How many patient results of this analyte from this analyser wait for validation held for QC (a failure's screen shows it). */
    public int heldResults(String analyser, String analyte) {
        return patientResults.heldForQc(analyser, analyte);
    }

    /** Every analyte of every registered analyser, with where it stands. */
    public List<QcStatus> status() {
        Map<String, QcFailure> open = db.sql("select f.* from qc_state s join qc_failure f on f.id = s.failure_id where not s.in_control")
                .query(QualityControl::failure).list().stream().collect(Collectors.toMap(f -> f.analyser() + "/" + f.analyte(), f -> f));
        record Row(String analyser, String analyte, Boolean inControl, UUID lastAccepted, Instant lastAcceptedAt, UUID lastRun,
                   Instant lastRunAt, String lastOutcome) {
        }
        return db.sql("""
                        select a.code, x.analyte, s.in_control, s.last_accepted_run, s.last_accepted_measured_at,
                               r.id, r.measured_at, r.outcome
                        from analyser a cross join lateral unnest(a.analytes) as x(analyte)
                        left join qc_state s on s.analyser_code = a.code and s.analyte_code = x.analyte
                        left join lateral (select id, measured_at, outcome from qc_run
                            where analyser_code = a.code and analyte_code = x.analyte order by run_order desc limit 1) r on true
                        order by a.code, x.analyte""")
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), (Boolean) rs.getObject(3), rs.getObject(4, UUID.class),
                        instant(rs, "last_accepted_measured_at"), rs.getObject(6, UUID.class), instant(rs, "measured_at"), rs.getString(8)))
                .list().stream()
                .map(r -> new QcStatus(r.analyser(), r.analyte(), r.inControl() == null || r.inControl(), open.get(r.analyser() + "/" + r.analyte()),
                        r.lastRun(), r.lastRunAt(), r.lastOutcome() == null ? null : QcOutcome.valueOf(r.lastOutcome()),
                        r.lastAccepted(), r.lastAcceptedAt()))
                .toList();
    }

    /** The analyte's runs on the analyser, oldest first, measured in [from, to) (either may be null): a Levey-Jennings chart's points. */
    public List<QcRun> runs(String analyser, String analyte, Instant from, Instant to) {
        analysers.requireMeasures(analyser, analyte);
        List<QcRun> runs = db.sql("""
                        select * from qc_run where analyser_code = ? and analyte_code = ?
                          and measured_at >= coalesce(?, '-infinity'::timestamptz) and measured_at < coalesce(?, 'infinity'::timestamptz)
                        order by run_order""")
                .params(analyser, analyte, from == null ? null : Timestamp.from(from), to == null ? null : Timestamp.from(to))
                .query(this::runWithoutPoints).list();
        Map<UUID, List<QcRun.Point>> points = points(runs.stream().map(QcRun::id).toList());
        return runs.stream().map(r -> withPoints(r, points.getOrDefault(r.id(), List.of()))).toList();
    }

    public QcRun run(UUID runId) {
        QcRun run = db.sql("select * from qc_run where id = ?").param(runId).query(this::runWithoutPoints).optional()
                .orElseThrow(() -> new NotFound("No QC run " + runId));
        return withPoints(run, points(List.of(runId)).getOrDefault(runId, List.of()));
    }

    /** Failures, newest first; only those still open if asked. */
    public List<QcFailure> failures(boolean openOnly) {
        return db.sql("select * from qc_failure" + (openOnly ? " where accepted_run is null" : "") + " order by failed_at desc, id")
                .query(QualityControl::failure).list();
    }

    public QcFailure failure(UUID failureId) {
        return db.sql("select * from qc_failure where id = ?").param(failureId).query(QualityControl::failure).optional()
                .orElseThrow(() -> new NotFound("No QC failure " + failureId));
    }

    private Map<UUID, List<QcRun.Point>> points(List<UUID> runIds) {
        Map<UUID, List<QcRun.Point>> points = new LinkedHashMap<>();
        db.sql("select * from qc_point where run_id = any(?) order by material_code").param(runIds.toArray(UUID[]::new))
                .query((rs, n) -> Map.entry(rs.getObject("run_id", UUID.class), new QcRun.Point(rs.getString("material_code"),
                        rs.getBigDecimal("value"), rs.getBigDecimal("mean"), rs.getBigDecimal("sd"), rs.getDouble("z"))))
                .list().forEach(e -> points.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return points;
    }

    private static QcRun withPoints(QcRun r, List<QcRun.Point> points) {
        return new QcRun(r.id(), r.analyser(), r.analyte(), r.runOrder(), r.measuredAt(), r.recordedAt(), r.recordedBy(), r.outcome(),
                r.findings(), points, r.acceptance());
    }

    private QcRun runWithoutPoints(ResultSet rs, int n) throws SQLException {
        List<String> rules = Analysers.strings(rs.getArray("rules"));
        List<String> explanations = Analysers.strings(rs.getArray("explanations"));
        List<QcRun.Finding> findings = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String label = rules.get(i);
            boolean rejects = java.util.Arrays.stream(WestgardRule.values()).filter(w -> w.label().equals(label)).anyMatch(WestgardRule::rejects);
            findings.add(new QcRun.Finding(label, rejects, explanations.get(i)));
        }
        Instant acceptedAt = instant(rs, "accepted_at");
        return new QcRun(rs.getObject("id", UUID.class), rs.getString("analyser_code"), rs.getString("analyte_code"), rs.getInt("run_order"),
                instant(rs, "measured_at"), instant(rs, "recorded_at"), rs.getString("recorded_by"), QcOutcome.valueOf(rs.getString("outcome")),
                findings, List.of(), acceptedAt == null ? null
                : new QcRun.Acceptance(acceptedAt, rs.getString("accepted_by"), rs.getString("acceptance_reason")));
    }

    private static QcFailure failure(ResultSet rs, int n) throws SQLException {
        return new QcFailure(rs.getObject("id", UUID.class), rs.getString("analyser_code"), rs.getString("analyte_code"),
                rs.getObject("run_id", UUID.class), Analysers.strings(rs.getArray("rules")), rs.getString("explanation"),
                instant(rs, "failed_at"), instant(rs, "since"), rs.getObject("accepted_run", UUID.class), instant(rs, "accepted_at"),
                rs.getString("accepted_by"), rs.getString("acceptance_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
