package org.pathguard.qc;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Analysers, control materials and their targets, judged runs, failures, each analyte's state and the look-backs. */
@Component
class QcProjection implements Projection {

    private final FieldCipher cipher;

    QcProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("AnalyserRegistered", "QcMaterialRegistered", "QcRunRecorded", "AnalyteOutOfControl", "QcRunAccepted",
                "LookBackReviewed");
    }

    @Override
    public List<String> tables() {
        return List.of("qc_look_back", "qc_state", "qc_failure", "qc_point", "qc_run", "qc_target", "qc_material", "analyser");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "AnalyserRegistered" -> {
                AnalyserRegistered a = event.payloadAs(AnalyserRegistered.class);
                writer.write("""
                                insert into analyser (code, name, department, analytes, registered_by, registered_at)
                                values (?, ?, ?, ?, ?, ?)
                                on conflict (code) do update set name = excluded.name, department = excluded.department,
                                    analytes = excluded.analytes, registered_by = excluded.registered_by,
                                    registered_at = excluded.registered_at""",
                        a.code(), a.name(), a.department(), a.analytes().toArray(String[]::new), event.actor(), at);
            }
            case "QcMaterialRegistered" -> {
                QcMaterialRegistered m = event.payloadAs(QcMaterialRegistered.class);
                writer.write("""
                                insert into qc_material (code, lot, level, expires_on, qc_sample_id, registered_by, registered_at)
                                values (?, ?, ?, ?, ?, ?, ?)
                                on conflict (code) do update set lot = excluded.lot, level = excluded.level,
                                    expires_on = excluded.expires_on, qc_sample_id = excluded.qc_sample_id,
                                    registered_by = excluded.registered_by, registered_at = excluded.registered_at""",
                        m.code(), m.lot(), m.level(), Date.valueOf(m.expiresOn()), m.qcSampleId(), event.actor(), at);
                writer.write("delete from qc_target where material_code = ?", m.code());
                for (QcMaterial.Target t : m.targets()) {
                    writer.write("insert into qc_target (material_code, analyser_code, analyte_code, mean, sd) values (?, ?, ?, ?, ?)",
                            m.code(), t.analyser(), t.analyte(), t.mean(), t.sd());
                }
            }
            case "QcRunRecorded" -> {
                QcRunRecorded r = event.payloadAs(QcRunRecorded.class);
                writer.write("""
                                insert into qc_run (id, analyser_code, analyte_code, run_order, measured_at, recorded_at, recorded_by,
                                    outcome, rules, explanations, accepted_at, accepted_by, acceptance_reason)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)""",
                        r.runId(), r.analyser(), r.analyte(), r.runOrder(), Timestamp.from(r.measuredAt()), at, event.actor(),
                        r.outcome().name(), r.findings().stream().map(QcRun.Finding::rule).toArray(String[]::new),
                        r.findings().stream().map(QcRun.Finding::explanation).toArray(String[]::new),
                        r.acceptedInControl() ? at : null, r.acceptedInControl() ? QualityControl.ACCEPTED_IN_CONTROL : null);
                for (QcRunRecorded.RecordedPoint p : r.points()) {
                    writer.write("insert into qc_point (id, run_id, material_code, value, mean, sd, z) values (?, ?, ?, ?, ?, ?, ?)",
                            p.id(), r.runId(), p.material(), p.value(), p.mean(), p.sd(),
                            new QcPoint(p.id(), r.runId(), r.runOrder(), p.material(), p.value(), p.mean(), p.sd()).z());
                }
                if (r.acceptedInControl()) {
                    // Only while in control: a failure recorded meanwhile makes this run wait for a person instead.
                    changedOne(writer.writeNow("""
                                    insert into qc_state (analyser_code, analyte_code, in_control, last_accepted_run, last_accepted_measured_at)
                                    values (?, ?, true, ?, ?)
                                    on conflict (analyser_code, analyte_code) do update set last_accepted_run = excluded.last_accepted_run,
                                        last_accepted_measured_at = excluded.last_accepted_measured_at
                                    where qc_state.in_control""", r.analyser(), r.analyte(), r.runId(), Timestamp.from(r.measuredAt())),
                            r.analyte() + " on " + r.analyser() + " went out of control meanwhile; send the run again");
                }
            }
            case "AnalyteOutOfControl" -> {
                AnalyteOutOfControl f = event.payloadAs(AnalyteOutOfControl.class);
                writer.write("""
                                insert into qc_failure (id, analyser_code, analyte_code, run_id, rules, explanation, failed_at, since,
                                    last_accepted_run) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        f.failureId(), f.analyser(), f.analyte(), f.runId(), f.rules().toArray(String[]::new), f.explanation(), at,
                        f.since() == null ? null : Timestamp.from(f.since()), f.lastAcceptedRun());
                changedOne(writer.writeNow("""
                                insert into qc_state (analyser_code, analyte_code, in_control, failure_id) values (?, ?, false, ?)
                                on conflict (analyser_code, analyte_code) do update set in_control = false, failure_id = excluded.failure_id
                                where qc_state.in_control""", f.analyser(), f.analyte(), f.failureId()),
                        f.analyte() + " on " + f.analyser() + " is already out of control");
                for (UUID resultId : f.lookBack()) {
                    writer.write("insert into qc_look_back (failure_id, result_id) values (?, ?)", f.failureId(), resultId);
                }
            }
            case "QcRunAccepted" -> {
                QcRunAccepted a = event.payloadAs(QcRunAccepted.class);
                changedOne(writer.writeNow("""
                                update qc_state s set in_control = true, failure_id = null, last_accepted_run = r.id,
                                    last_accepted_measured_at = r.measured_at
                                from qc_run r where r.id = ? and s.analyser_code = ? and s.analyte_code = ?
                                    and not s.in_control and s.failure_id = ?""", a.runId(), a.analyser(), a.analyte(), a.failureId()),
                        a.analyte() + " on " + a.analyser() + " was put back in control by someone else");
                writer.write("update qc_run set accepted_at = ?, accepted_by = ?, acceptance_reason = ? where id = ?",
                        at, event.actor(), a.reason(), a.runId());
                writer.write("update qc_failure set accepted_run = ?, accepted_at = ?, accepted_by = ?, acceptance_reason = ? where id = ?",
                        a.runId(), at, event.actor(), a.reason(), a.failureId());
            }
            case "LookBackReviewed" -> {
                LookBackReviewed r = event.payloadAs(LookBackReviewed.class);
                changedOne(writer.writeNow("""
                                update qc_look_back set outcome = ?, note = ?, reviewed_by = ?, reviewed_at = ?
                                where failure_id = ? and result_id = ? and outcome is null""",
                        r.outcome().name(), cipher.seal(r.note().getBytes(StandardCharsets.UTF_8), noteBinding(r.failureId(), r.resultId())),
                        event.actor(), at, r.failureId(), r.resultId()),
                        "This result of the look-back was already reviewed");
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }

    private static void changedOne(int rows, String conflict) {
        if (rows != 1) {
            throw new Conflict(conflict);
        }
    }

    /** What a reviewer wrote about a patient's result is sealed, bound to its row. */
    static String noteBinding(UUID failureId, UUID resultId) {
        return FieldCipher.field("qc_look_back", "note", failureId + "/" + resultId);
    }
}
