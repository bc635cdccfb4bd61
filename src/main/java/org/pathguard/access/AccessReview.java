package org.pathguard.access;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The privacy officer's view, for the API and the screens: break-glass reads with their typed reasons,
 * access alerts (each noted and closed with an outcome), and who read a patient. Looking up who read a
 * patient is audit work: it decrypts nothing clinical and spends no read budget, but it is recorded,
 * so the privacy office's own look-ups are on the record too.
 */
@Service
public class AccessReview {

    static final int LONGEST_NOTE = 1000;

    private final JdbcClient db;
    private final FieldCipher cipher;
    private final EventLog log;

    AccessReview(JdbcClient db, FieldCipher cipher, EventLog log) {
        this.db = db;
        this.cipher = cipher;
        this.log = log;
    }

    /** Which alerts to show: those still open, those closed, or both. */
    public enum Showing {
        OPEN, CLOSED, ALL
    }

    public record Note(long eventSequence, String reviewer, String note, AlertOutcome outcome, Instant at) {
    }

    public record Lookup(String principal, Instant at) {
    }

    public record BreakGlassRead(long eventSequence, String principal, UUID patientId, String what, String reason, Instant at) {
    }

    public record Alert(long eventSequence, String principal, String kind, String detail, Instant raisedAt,
                        AlertOutcome outcome, String closedBy, Instant closedAt) {

        public boolean open() {
            return closedAt == null;
        }

        /** A notice of an administrative act, as opposed to reading that looked wrong. */
        public boolean notice() {
            return AccessProjection.NOTICES.contains(kind);
        }
    }

    public record Read(long eventSequence, String principal, String what, String reason, Instant at) {
    }

    public List<BreakGlassRead> breakGlass(Actor actor, Instant since) {
        actor.require(Actor.Role.AUDITOR);
        return db.sql("""
                        select event_sequence, principal, patient_id, what, break_glass, read_at from patient_read
                        where reason = 'BREAK_GLASS' and read_at >= ? order by event_sequence desc limit 1000""")
                .param(Timestamp.from(since(since)))
                .query((rs, n) -> new BreakGlassRead(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        new String(cipher.open(rs.getBytes(5), AccessProjection.breakGlassBinding(rs.getLong(1))), StandardCharsets.UTF_8),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** Everyone who read this patient's data, and why: what a privacy officer needs after a leak. The look-up is recorded. */
    public List<Read> readsOf(Actor actor, UUID patientId) {
        actor.require(Actor.Role.AUDITOR);
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new ReadsLookedUp(patientId)));
        return db.sql("select event_sequence, principal, what, reason, read_at from patient_read where patient_id = ? "
                        + "order by event_sequence limit 10000")
                .param(patientId)
                .query((rs, n) -> new Read(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** A look-up by NHS number that matched nobody: recorded as a look-up, without the number. */
    public void nobodyFound(Actor actor) {
        actor.require(Actor.Role.AUDITOR);
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new ReadsLookedUp(null)));
    }

    /** The privacy office's own earlier look-ups of this patient's reads, latest first. */
    public List<Lookup> lookupsOf(Actor actor, UUID patientId) {
        actor.require(Actor.Role.AUDITOR);
        return db.sql("select principal, looked_up_at from reads_lookup where patient_id = ? order by event_sequence desc limit 200")
                .param(patientId)
                .query((rs, n) -> new Lookup(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list();
    }

    public List<Alert> alerts(Actor actor, Instant since) {
        return alerts(actor, since, Showing.ALL);
    }

    /** Open alerts are shown however old they are: an alert is not reviewed by waiting. */
    public List<Alert> alerts(Actor actor, Instant since, Showing showing) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        String which = switch (showing) {
            case OPEN -> "closed_at is null";
            case CLOSED -> "closed_at is not null and raised_at >= ?";
            case ALL -> "(closed_at is null or raised_at >= ?)";
        };
        var query = db.sql(ALERT + " where " + which + " order by event_sequence desc limit 1000");
        if (showing != Showing.OPEN) {
            query = query.param(Timestamp.from(since(since)));
        }
        return query.query(AccessReview::alert).list();
    }

    public Alert alert(Actor actor, long eventSequence) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        return db.sql(ALERT + " where event_sequence = ?").param(eventSequence).query(AccessReview::alert).optional()
                .orElseThrow(() -> new NotFound("No access alert " + eventSequence));
    }

    public List<Note> notes(Actor actor, long alertSequence) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        return db.sql("select event_sequence, reviewer, note, outcome, noted_at from access_alert_note where alert_sequence = ? "
                        + "order by event_sequence")
                .param(alertSequence)
                .query((rs, n) -> new Note(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4) == null ? null : AlertOutcome.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * The privacy officer's note on an alert, and with an outcome its closing. Only the privacy officer reviews:
     * a lab manager sees alerts about their staff but does not close them, and nobody closes an alert about themselves.
     */
    public synchronized Alert review(Actor actor, long alertSequence, String note, AlertOutcome outcome) {
        actor.require(Actor.Role.AUDITOR);
        Alert alert = alert(actor, alertSequence);
        String text = note == null ? "" : note.strip();
        if (text.isEmpty()) {
            throw new LabRuleViolation("note-required", "Write a note: what you checked and what you found");
        }
        if (text.length() > LONGEST_NOTE) {
            throw new LabRuleViolation("note-too-long", "A note is at most " + LONGEST_NOTE + " characters; you wrote " + text.length());
        }
        if (!alert.open()) {
            throw new Conflict("This alert was closed by " + alert.closedBy() + "; a closed alert takes no more notes");
        }
        if (alert.principal().equals(actor.name())) {
            throw new ForbiddenAction("This alert is about you; another privacy officer reviews it");
        }
        log.append(actor.logName(), NewEvent.of("access:" + alert.principal(), new AccessAlertReviewed(alertSequence, text, outcome)));
        return alert(actor, alertSequence);
    }

    private static final String ALERT = "select event_sequence, principal, kind, detail, raised_at, outcome, closed_by, closed_at from access_alert";

    private static Alert alert(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        String outcome = rs.getString(6);
        Timestamp closed = rs.getTimestamp(8);
        return new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                outcome == null ? null : AlertOutcome.valueOf(outcome), rs.getString(7), closed == null ? null : closed.toInstant());
    }

    private static Instant since(Instant since) {
        return since == null ? Instant.now().minus(Duration.ofDays(30)) : since;
    }
}
