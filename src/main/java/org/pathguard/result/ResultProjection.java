package org.pathguard.result;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Results (current value), every version of every result, critical-result alerts and the calls made about them. */
@Component
class ResultProjection implements Projection {

    static final String AUTOVERIFICATION = "autoverification";
    private static final String VERSION_INSERT =
            "insert into result_version (result_id, version, sealed, recorded_at, recorded_by) values (?, ?, ?, ?, ?)";

    private final FieldCipher cipher;

    ResultProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("ResultRecorded", "ResultsRecorded", "ResultAuthorised", "ResultRejected", "ResultAmended",
                "CriticalAlertRaised", "CriticalResultPhoned", "CriticalCallAttempted", "ResultHeldForQc");
    }

    @Override
    public List<String> tables() {
        return List.of("critical_call_attempt", "critical_alert", "result_version", "result");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "ResultRecorded" -> recorded(event.payloadAs(ResultRecorded.class), at, event.actor(), writer);
            case "ResultsRecorded" -> {
                for (ResultRecorded r : event.payloadAs(ResultsRecorded.class).each()) {
                    recorded(r, at, event.actor(), writer);
                }
            }
            case "ResultAuthorised" -> {
                ResultAuthorised r = event.payloadAs(ResultAuthorised.class);
                changedOne(writer.writeNow("""
                                update result set status = 'FINAL', authorised_at = ?, authorised_by = ?
                                where id = ? and status = 'PRELIMINARY'""", at, event.actor(), r.resultId()),
                        "Result " + r.resultId() + " is no longer waiting for validation");
            }
            case "ResultHeldForQc" -> {
                ResultHeldForQc h = event.payloadAs(ResultHeldForQc.class);
                changedOne(writer.writeNow("""
                                update result set hold_reasons = case when hold_reasons is null then 'QC' else hold_reasons || ',QC' end
                                where id = ? and status = 'PRELIMINARY'
                                  and not 'QC' = any(string_to_array(coalesce(hold_reasons, ''), ','))""", h.resultId()),
                        "Result " + h.resultId() + " was validated while its analyser's QC failed; send the QC run again");
            }
            case "ResultRejected" -> {
                ResultRejected r = event.payloadAs(ResultRejected.class);
                changedOne(writer.writeNow("update result set status = 'REJECTED' where id = ? and status = 'PRELIMINARY'",
                        r.resultId()), "Result " + r.resultId() + " is no longer waiting for validation");
            }
            case "ResultAmended" -> {
                ResultAmended r = event.payloadAs(ResultAmended.class);
                changedOne(writer.writeNow("""
                                update result set status = 'AMENDED', version = ?, critical = ?, sealed = ?,
                                    authorised_at = ?, authorised_by = ?
                                where id = ? and status in ('FINAL', 'AMENDED') and version = ?""",
                        r.version(), r.critical(), cipher.sealJson(r.measurement(), currentBinding(r.resultId())),
                        at, event.actor(), r.resultId(), r.version() - 1),
                        "Result " + r.resultId() + " was changed by someone else; reload it and amend again");
                writer.writeAtEnd(VERSION_INSERT,
                        r.resultId(), r.version(), cipher.sealJson(r.measurement(), versionBinding(r.resultId(), r.version())),
                        at, event.actor());
            }
            case "CriticalAlertRaised" -> {
                CriticalAlertRaised r = event.payloadAs(CriticalAlertRaised.class);
                writer.write("insert into critical_alert (id, result_id, order_id, raised_at, status) values (?, ?, ?, ?, 'OPEN')",
                        r.alertId(), r.resultId(), r.orderId(), at);
            }
            case "CriticalResultPhoned" -> {
                CriticalResultPhoned r = event.payloadAs(CriticalResultPhoned.class);
                changedOne(writer.writeNow("""
                                update critical_alert set status = 'ACKNOWLEDGED', told_whom = ?, told_name = ?, told_role = ?,
                                    told_at = ?, read_back = ?, recorded_by = ? where id = ? and status = 'OPEN'""",
                        r.toldWhom(), r.toldName(), r.toldRole(), Timestamp.from(r.toldAt()), r.readBack(), event.actor(),
                        r.alertId()),
                        "This critical result's call was already recorded");
            }
            case "CriticalCallAttempted" -> {
                CriticalCallAttempted r = event.payloadAs(CriticalCallAttempted.class);
                writer.write("""
                                insert into critical_call_attempt (alert_id, attempted_at, outcome, called, note, recorded_by)
                                values (?, ?, ?, ?, ?, ?)""",
                        r.alertId(), Timestamp.from(r.attemptedAt()), r.outcome().name(), r.called(), r.note(), event.actor());
            }
            default -> throw new IllegalArgumentException(event.type());
        }
    }

    /** A result's row and its version's, from the one event a result had before ADR 0056 or from its share of the lot's. */
    private void recorded(ResultRecorded r, Timestamp at, String actor, ProjectionWriter writer) {
        boolean autoverified = r.status() == ResultStatus.FINAL;
        String reasons = r.holdReasons().stream().map(Enum::name).collect(Collectors.joining(","));
        // Runs of these inserts reach PostgreSQL as one multi-row statement; versions are history rows.
        writer.write("""
                        insert into result (id, order_id, specimen_id, patient_id, test_code, analyte_code,
                            status, hold_reasons, critical, version, sealed, recorded_at, recorded_by,
                            authorised_at, authorised_by, performed_by_ods, performed_by_name, analyser_code)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (id) do update set status = excluded.status,
                            hold_reasons = excluded.hold_reasons, critical = excluded.critical,
                            version = excluded.version, sealed = excluded.sealed,
                            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                            authorised_at = excluded.authorised_at, authorised_by = excluded.authorised_by,
                            performed_by_ods = excluded.performed_by_ods, performed_by_name = excluded.performed_by_name,
                            analyser_code = excluded.analyser_code""",
                r.resultId(), r.orderId(), r.specimenId(), r.patientId(), r.testCode(), r.analyteCode(),
                r.status().name(), reasons.isEmpty() ? null : reasons, r.critical(), r.version(),
                cipher.sealJson(r.measurement(), currentBinding(r.resultId())), at, actor,
                autoverified ? at : null, autoverified ? AUTOVERIFICATION : null,
                r.performedBy() == null ? null : r.performedBy().odsCode(),
                r.performedBy() == null ? null : r.performedBy().name(), r.analyser());
        writer.writeAtEnd(VERSION_INSERT, r.resultId(), r.version(),
                cipher.sealJson(r.measurement(), versionBinding(r.resultId(), r.version())), at, actor);
        if (r.performedBy() == null) {
            // The test's first result here (any analyte): the day the sitrep counts it performed (ADR 0039). At the
            // end, in one batch: between the result inserts it would split their batch into a round trip each;
            // once per order and test, as the other analytes of the test change nothing more.
            writer.writeOnceAtEnd("update order_test set performed_at = ? where order_id = ? and test_code = ? and performed_at is null",
                    at, r.orderId(), r.testCode());
        }
    }

    /**
     * Transitions are checked where they are written, in the appending transaction: a request that
     * lost a race appends nothing, so the log never holds a transition from the wrong state.
     */
    private static void changedOne(int rows, String conflict) {
        if (rows != 1) {
            throw new Conflict(conflict);
        }
    }

    static String currentBinding(UUID resultId) {
        return FieldCipher.field("result", "sealed", resultId);
    }

    static String versionBinding(UUID resultId, int version) {
        return FieldCipher.field("result_version", "sealed", resultId + "/" + version);
    }
}
