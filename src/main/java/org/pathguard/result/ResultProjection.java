package org.pathguard.result;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Results (current value), every version of every result, and critical-result alerts. */
@Component
class ResultProjection implements Projection {

    static final String AUTOVERIFICATION = "autoverification";

    private final JdbcClient db;
    private final FieldCipher cipher;

    ResultProjection(JdbcClient db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("ResultRecorded", "ResultAuthorised", "ResultRejected", "ResultAmended",
                "CriticalAlertRaised", "CriticalResultPhoned");
    }

    @Override
    public List<String> tables() {
        return List.of("critical_alert", "result_version", "result");
    }

    @Override
    public void apply(RecordedEvent event) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "ResultRecorded" -> {
                ResultRecorded r = event.payloadAs(ResultRecorded.class);
                boolean autoverified = r.status() == ResultStatus.FINAL;
                String reasons = r.holdReasons().stream().map(Enum::name).collect(Collectors.joining(","));
                // One statement writes the current row and its version: the writer's round trips are its cost.
                db.sql("""
                                with current_value as (
                                    insert into result (id, order_id, specimen_id, patient_id, test_code, analyte_code,
                                        status, hold_reasons, critical, version, sealed, recorded_at, recorded_by,
                                        authorised_at, authorised_by)
                                    values (:id, :order, :specimen, :patient, :test, :analyte, :status, :reasons, :critical,
                                        :version, :sealed, :at, :by, :authorisedAt, :authorisedBy)
                                    on conflict (id) do update set status = :status, hold_reasons = :reasons,
                                        critical = :critical, version = :version, sealed = :sealed, recorded_at = :at,
                                        recorded_by = :by, authorised_at = :authorisedAt, authorised_by = :authorisedBy)
                                insert into result_version (result_id, version, sealed, recorded_at, recorded_by)
                                values (:id, :version, :versionSealed, :at, :by)""")
                        .param("id", r.resultId()).param("order", r.orderId()).param("specimen", r.specimenId())
                        .param("patient", r.patientId()).param("test", r.testCode()).param("analyte", r.analyteCode())
                        .param("status", r.status().name()).param("reasons", reasons.isEmpty() ? null : reasons)
                        .param("critical", r.critical()).param("version", r.version())
                        .param("sealed", cipher.sealJson(r.measurement(), currentBinding(r.resultId())))
                        .param("at", at).param("by", event.actor())
                        .param("authorisedAt", autoverified ? at : null)
                        .param("authorisedBy", autoverified ? AUTOVERIFICATION : null)
                        .param("versionSealed", cipher.sealJson(r.measurement(), versionBinding(r.resultId(), r.version())))
                        .update();
            }
            case "ResultAuthorised" -> {
                ResultAuthorised r = event.payloadAs(ResultAuthorised.class);
                changedOne(db.sql("update result set status = 'FINAL', authorised_at = ?, authorised_by = ? where id = ? and status = 'PRELIMINARY'")
                        .params(at, event.actor(), r.resultId()).update(), "Result " + r.resultId() + " is no longer waiting for validation");
            }
            case "ResultRejected" -> {
                ResultRejected r = event.payloadAs(ResultRejected.class);
                changedOne(db.sql("update result set status = 'REJECTED' where id = ? and status = 'PRELIMINARY'")
                        .param(r.resultId()).update(), "Result " + r.resultId() + " is no longer waiting for validation");
            }
            case "ResultAmended" -> {
                ResultAmended r = event.payloadAs(ResultAmended.class);
                changedOne(db.sql("""
                                update result set status = 'AMENDED', version = ?, critical = ?, sealed = ?,
                                    authorised_at = ?, authorised_by = ?
                                where id = ? and status in ('FINAL', 'AMENDED') and version = ?""")
                        .params(r.version(), r.critical(), cipher.sealJson(r.measurement(), currentBinding(r.resultId())),
                                at, event.actor(), r.resultId(), r.version() - 1)
                        .update(), "Result " + r.resultId() + " was changed by someone else; reload it and amend again");
                insertVersion(r.resultId(), r.version(), r.measurement(), at, event.actor());
            }
            case "CriticalAlertRaised" -> {
                CriticalAlertRaised r = event.payloadAs(CriticalAlertRaised.class);
                db.sql("insert into critical_alert (id, result_id, order_id, raised_at, status) values (?, ?, ?, ?, 'OPEN')")
                        .params(r.alertId(), r.resultId(), r.orderId(), at).update();
            }
            case "CriticalResultPhoned" -> {
                CriticalResultPhoned r = event.payloadAs(CriticalResultPhoned.class);
                changedOne(db.sql("""
                                update critical_alert set status = 'ACKNOWLEDGED', told_whom = ?, told_at = ?, read_back = ?,
                                    recorded_by = ? where id = ? and status = 'OPEN'""")
                        .params(r.toldWhom(), Timestamp.from(r.toldAt()), r.readBack(), event.actor(), r.alertId())
                        .update(), "This critical result's call was already recorded");
            }
            default -> throw new IllegalArgumentException(event.type());
        }
    }

    /**
     * Transitions are checked where they are written, in the appending transaction: a request that
     * lost a race appends nothing, so the log never holds a transition from the wrong state.
     */
    static void changedOne(int rows, String conflict) {
        if (rows != 1) {
            throw new Conflict(conflict);
        }
    }

    private void insertVersion(UUID resultId, int version, Measurement m, Timestamp at, String actor) {
        db.sql("insert into result_version (result_id, version, sealed, recorded_at, recorded_by) values (?, ?, ?, ?, ?)")
                .params(resultId, version, cipher.sealJson(m, versionBinding(resultId, version)), at, actor).update();
    }

    static String currentBinding(UUID resultId) {
        return FieldCipher.field("result", "sealed", resultId);
    }

    static String versionBinding(UUID resultId, int version) {
        return FieldCipher.field("result_version", "sealed", resultId + "/" + version);
    }
}
