package org.pathguard.access;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.annotation.Value;
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
    private final String labOds;

    AccessReview(JdbcClient db, FieldCipher cipher, EventLog log, @Value("${pathguard.lab.ods-code:PGLAB}") String labOds) {
        this.db = db;
        this.cipher = cipher;
        this.log = log;
        this.labOds = labOds;
    }

    /**
     * The privacy office's work is this lab's: a privacy officer or lab manager of another organisation (a partner's
     * account on this server) reads none of its break-glass reasons, alerts or look-ups and closes none of its reviews.
     */
    private void requireHere(Actor actor, Actor.Role... roles) {
        actor.require(roles);
        if (!labOds.equals(actor.organisation())) {
            throw new ForbiddenAction("The access audit is this laboratory's (" + labOds + "); your account is with another organisation");
        }
    }

    /** Which alerts to show: those still open, those closed, or both. */
    public enum Showing {
        OPEN, CLOSED, ALL
    }

    public record Note(long eventSequence, String reviewer, String note, AlertOutcome outcome, Instant at) {
    }

    public record Lookup(String principal, Instant at) {
    }

    /** A break-glass read of one patient, with the privacy officer's finding once reviewed (null before). */
    public record BreakGlassRead(long eventSequence, String principal, UUID patientId, String what, String reason, Instant at,
                                 BreakGlassOutcome reviewOutcome, String reviewNote, String reviewedBy, Instant reviewedAt) {

        public boolean reviewed() {
            return reviewOutcome != null;
        }
    }

    /** Break-glass reads still awaiting the privacy officer: how many, how many past the time allowed, the oldest. */
    public record BreakGlassBacklog(long unreviewed, long overdue, Instant oldest) {
    }

    /** Access alerts still open: those about reading, notices of administrative acts, and those open past the time allowed. */
    public record AlertBacklog(long openAlerts, long openNotices, long overdue, Instant oldest) {
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

    /** Break-glass reads since then, and any older one not yet reviewed: a read is not reviewed by waiting. */
    public List<BreakGlassRead> breakGlass(Actor actor, Instant since) {
        requireHere(actor, Actor.Role.AUDITOR);
        return db.sql(BREAK_GLASS + " where r.reason = 'BREAK_GLASS' and (r.read_at >= ? or v.read_sequence is null) "
                        + "order by r.event_sequence desc limit 1000")
                .param(Timestamp.from(since(since)))
                .query((rs, n) -> breakGlassRead(rs))
                .list();
    }

    /** One break-glass read (one event, one or more patients), for its review. */
    public List<BreakGlassRead> breakGlassRead(Actor actor, long readSequence) {
        requireHere(actor, Actor.Role.AUDITOR);
        List<BreakGlassRead> read = db.sql(BREAK_GLASS + " where r.reason = 'BREAK_GLASS' and r.event_sequence = ?")
                .param(readSequence).query((rs, n) -> breakGlassRead(rs)).list();
        if (read.isEmpty()) {
            throw new NotFound("No break-glass read " + readSequence);
        }
        return read;
    }

    /**
     * The privacy officer's finding on a break-glass read, once: a read already reviewed is a conflict, never
     * overwritten (a second look is an access alert note). Nobody reviews their own read. {@code outcomeName}: a {@link BreakGlassOutcome}'s name.
     */
    public synchronized BreakGlassRead reviewBreakGlass(Actor actor, long readSequence, String outcomeName, String note) {
        List<BreakGlassRead> read = breakGlassRead(actor, readSequence);
        BreakGlassOutcome outcome = BreakGlassOutcome.named(outcomeName);
        String text = outcome.note(note);
        BreakGlassRead first = read.getFirst();
        if (first.reviewed()) {
            throw new Conflict("This break-glass read was reviewed by " + first.reviewedBy() + " as " + first.reviewOutcome().words()
                    + "; a reviewed read is not reviewed again");
        }
        if (first.principal().equals(actor.name())) {
            throw new ForbiddenAction("This break-glass read is yours; another privacy officer reviews it");
        }
        log.append(actor.logName(), NewEvent.of("access:" + first.principal(), new BreakGlassReviewed(readSequence, outcome, text)));
        return breakGlassRead(actor, readSequence).getFirst();
    }

    /** For the lab's security posture (C1.c): counts and ages only, no reasons, no patients. */
    public BreakGlassBacklog unreviewedBreakGlass(Instant now, Duration within) {
        return db.sql("""
                        select count(*), count(*) filter (where read_at < ?), min(read_at) from (
                            select r.event_sequence, min(r.read_at) as read_at from patient_read r
                            where r.reason = 'BREAK_GLASS'
                              and not exists (select 1 from break_glass_review v where v.read_sequence = r.event_sequence)
                            group by r.event_sequence) unreviewed""")
                .param(Timestamp.from(now.minus(within)))
                .query((rs, n) -> new BreakGlassBacklog(rs.getLong(1), rs.getLong(2), instant(rs.getTimestamp(3)))).single();
    }

    /** For the lab's security posture (C1.c): open alerts by kind of alert, and those open longer than allowed. */
    public AlertBacklog openAlerts(Instant now, Duration within) {
        return db.sql("""
                        select count(*) filter (where kind <> all(?)), count(*) filter (where kind = any(?)),
                               count(*) filter (where raised_at < ?), min(raised_at)
                        from access_alert where closed_at is null""")
                .param(AccessProjection.NOTICES.toArray(String[]::new)).param(AccessProjection.NOTICES.toArray(String[]::new))
                .param(Timestamp.from(now.minus(within)))
                .query((rs, n) -> new AlertBacklog(rs.getLong(1), rs.getLong(2), rs.getLong(3), instant(rs.getTimestamp(4)))).single();
    }

    private static final String BREAK_GLASS = """
            select r.event_sequence, r.principal, r.patient_id, r.what, r.break_glass, r.read_at,
                   v.outcome, v.note, v.reviewer, v.reviewed_at
            from patient_read r left join break_glass_review v on v.read_sequence = r.event_sequence""";

    private BreakGlassRead breakGlassRead(java.sql.ResultSet rs) throws java.sql.SQLException {
        long sequence = rs.getLong(1);
        String outcome = rs.getString(7);
        byte[] note = rs.getBytes(8);
        return new BreakGlassRead(sequence, rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                new String(cipher.open(rs.getBytes(5), AccessProjection.breakGlassBinding(sequence)), StandardCharsets.UTF_8),
                rs.getTimestamp(6).toInstant(), outcome == null ? null : BreakGlassOutcome.valueOf(outcome),
                note == null ? null : new String(cipher.open(note, AccessProjection.reviewNoteBinding(sequence)), StandardCharsets.UTF_8),
                rs.getString(9), instant(rs.getTimestamp(10)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Everyone who read this patient's data, and why: what a privacy officer needs after a leak. The look-up is recorded. */
    public List<Read> readsOf(Actor actor, UUID patientId) {
        requireHere(actor, Actor.Role.AUDITOR);
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new ReadsLookedUp(patientId)));
        return db.sql("select event_sequence, principal, what, reason, read_at from patient_read where patient_id = ? "
                        + "order by event_sequence limit 10000")
                .param(patientId)
                .query((rs, n) -> new Read(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** A look-up by NHS number that matched nobody: recorded as a look-up, without the number. */
    public void nobodyFound(Actor actor) {
        requireHere(actor, Actor.Role.AUDITOR);
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new ReadsLookedUp(null)));
    }

    /** The privacy office's own earlier look-ups of this patient's reads, latest first. */
    public List<Lookup> lookupsOf(Actor actor, UUID patientId) {
        requireHere(actor, Actor.Role.AUDITOR);
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
        requireHere(actor, Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
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
        requireHere(actor, Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        return db.sql(ALERT + " where event_sequence = ?").param(eventSequence).query(AccessReview::alert).optional()
                .orElseThrow(() -> new NotFound("No access alert " + eventSequence));
    }

    public List<Note> notes(Actor actor, long alertSequence) {
        requireHere(actor, Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
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
        requireHere(actor, Actor.Role.AUDITOR);
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
