package org.pathguard.qc;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The look-back of a QC failure: every patient result of that analyte from that analyser released since the last
 * accepted run before the failure, as listed when it failed, each reviewed by a person as confirmed or recalled. The
 * list names patients, so reading it passes the read gate and is accounted for like any other patient data.
 */
@Service
public class LookBack {


    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final QualityControl qc;
    private final LookBackDetails details;
    private final PatientReads reads;

    LookBack(EventLog log, JdbcClient db, FieldCipher cipher, QualityControl qc, LookBackDetails details, PatientReads reads) {
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.qc = qc;
        this.details = details;
        this.reads = reads;
    }

    /** A failure's look-back: each result with its review, and how many are reviewed and how many are not. */
    public record Listing(QcFailure failure, List<Entry> results, int reviewed, int notReviewed) {
    }

    /** One released result and its review (outcome, note, who and when: all null until reviewed). */
    public record Entry(ReleasedResult result, LookBackOutcome outcome, String note, String reviewedBy, Instant reviewedAt) {

        public boolean reviewed() {
            return outcome != null;
        }
    }

    public Listing list(Actor actor, UUID failureId) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        QcFailure failure = qc.failure(failureId);
        record Row(UUID resultId, String outcome, byte[] note, String by, Timestamp at) {
        }
        List<Row> rows = db.sql("select * from qc_look_back where failure_id = ? order by result_id").param(failureId)
                .query((rs, n) -> new Row(rs.getObject("result_id", UUID.class), rs.getString("outcome"), rs.getBytes("note"),
                        rs.getString("reviewed_by"), rs.getTimestamp("reviewed_at"))).list();
        List<ReleasedResult> described = details.describe(rows.stream().map(Row::resultId).toList());
        reads.patients(actor, described.stream().map(ReleasedResult::patientId).distinct().toList(), "qc-look-back");
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            entries.add(new Entry(described.get(i), row.outcome() == null ? null : LookBackOutcome.valueOf(row.outcome()),
                    row.note() == null ? null : new String(cipher.open(row.note(), QcProjection.noteBinding(failureId, row.resultId())),
                            StandardCharsets.UTF_8),
                    row.by(), row.at() == null ? null : row.at().toInstant()));
        }
        List<Entry> ordered = entries.stream()
                .sorted(java.util.Comparator.comparing((Entry e) -> e.result().recordedAt()).thenComparing(e -> e.result().resultId())).toList();
        int reviewed = (int) ordered.stream().filter(Entry::reviewed).count();
        return new Listing(failure, ordered, reviewed, ordered.size() - reviewed);
    }

    /** Records a person's review of one result of the look-back, once: confirmed or recalled, with a note saying why. */
    public Entry review(Actor actor, UUID failureId, UUID resultId, LookBackOutcome outcome, String note) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        if (outcome == null) {
            throw new LabRuleViolation("missing-field", "outcome is CONFIRMED or RECALLED");
        }
        String why = FreeText.reason("The note", note, "repeated on the second analyser, same value within 0.1");
        qc.failure(failureId);
        String state = db.sql("select coalesce(outcome, '') from qc_look_back where failure_id = ? and result_id = ?")
                .params(failureId, resultId).query(String.class).optional()
                .orElseThrow(() -> new NotFound("Result " + resultId + " is not in this failure's look-back"));
        if (!state.isEmpty()) {
            throw new Conflict("This result of the look-back was already reviewed (" + state + ")");
        }
        reads.result(actor, resultId, "qc-look-back");
        log.append(actor.logName(), NewEvent.of("qc-failure/" + failureId, new LookBackReviewed(failureId, resultId, outcome, why)));
        return list(actor, failureId).results().stream().filter(e -> e.result().resultId().equals(resultId)).findFirst().orElseThrow();
    }
}
