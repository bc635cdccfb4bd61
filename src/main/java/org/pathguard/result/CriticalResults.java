package org.pathguard.result;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.CallDeadline;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.lab.StatedTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Critical-result alerts stay open until the phone call is recorded with a read-back. Calls that reach no
 * one are recorded as attempts; an alert not phoned within its time is overdue and goes to the duty
 * biochemist ({@code pathguard.critical.phone-within}, {@code pathguard.critical.escalate-to}).
 */
@Service
public class CriticalResults {

    private final EventLog log;
    private final JdbcClient db;
    private final CallDeadline deadline;

    CriticalResults(EventLog log, JdbcClient db,
                    @Value("${pathguard.critical.phone-within:PT30M}") Duration phoneWithin,
                    @Value("${pathguard.critical.escalate-to:the duty biochemist}") String escalateTo) {
        this.log = log;
        this.db = db;
        this.deadline = new CallDeadline(phoneWithin, escalateTo);
    }

    /** An alert; {@code dueBy} is when it should have been phoned, {@code overdue} whether it is open past that. */
    public record Alert(UUID id, UUID resultId, UUID orderId, String accession, String requesterOds, String clinician,
                        Instant raisedAt, String status, String toldWhom, String toldName, String toldRole, Instant toldAt,
                        Boolean readBack, String recordedBy, Instant dueBy, boolean overdue) {
    }

    /** A call that did not close the alert. */
    public record Attempt(Instant at, CallOutcome outcome, String called, String note, String recordedBy) {
    }

    public CallDeadline deadline() {
        return deadline;
    }

    public List<Alert> list(boolean openOnly) {
        return db.sql(SELECT + (openOnly ? " where a.status = 'OPEN'" : "") + " order by a.raised_at, o.accession, a.id")
                .query(this::alert).list();
    }

    /** Open alerts past their time to be phoned. */
    public long overdueCount() {
        return db.sql("select count(*) from critical_alert where status = 'OPEN' and raised_at < ?")
                .param(Timestamp.from(Instant.now().minus(deadline.phoneWithin()))).query(Long.class).single();
    }

    /** Alerts phoned since the given time, latest first: the call record. */
    public List<Alert> phonedSince(Instant since) {
        return db.sql(SELECT + " where a.status <> 'OPEN' and a.told_at >= ? order by a.told_at desc, a.id limit 200")
                .param(Timestamp.from(since)).query(this::alert).list();
    }

    public Alert get(UUID alertId) {
        return db.sql(SELECT + " where a.id = ?").param(alertId).query(this::alert).optional()
                .orElseThrow(() -> new NotFound("No critical-result alert with id " + alertId));
    }

    /** Closes the alert: the value was told to a named person in a named role, who read it back. */
    public Alert recordCall(Actor actor, UUID alertId, String toldName, String toldRole, Instant toldAt, boolean readBack) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        String name = FreeText.line("Name of the person told", toldName);
        String role = FreeText.line("Role of the person told", toldRole);
        if (!readBack) {
            throw new LabRuleViolation("not-read-back", "The listener must read the value back before the call can be recorded");
        }
        Instant at = StatedTime.orNow(toldAt, "told");
        Alert alert = get(alertId);
        if (at.isBefore(alert.raisedAt().minusSeconds(300))) {
            throw new LabRuleViolation("told-before-alert", "toldAt is before the critical result was raised");
        }
        if (!"OPEN".equals(alert.status())) {
            throw new Conflict("This critical result was already phoned (to " + alert.toldWhom() + ")");
        }
        log.append(actor.logName(), NewEvent.of(alert.orderId(),
                new CriticalResultPhoned(alertId, alert.resultId(), name + ", " + role, at, true, name, role)));
        return get(alertId);
    }

    /** Records a call that reached no one who could act ("no answer", "left a message") or the hand-over on escalation. */
    public Attempt recordAttempt(Actor actor, UUID alertId, CallOutcome outcome, String called, String note) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        if (outcome == null) {
            throw new LabRuleViolation("missing-outcome", "Say what happened on the call: no answer, engaged, left a message or escalated");
        }
        String whom = FreeText.line("Number or person called", called);
        String said = note == null || note.isBlank() ? null : FreeText.line("Note", note);
        Alert alert = get(alertId);
        if (!"OPEN".equals(alert.status())) {
            throw new Conflict("This critical result was already phoned (to " + alert.toldWhom() + ")");
        }
        Instant at = Instant.now();
        log.append(actor.logName(), NewEvent.of(alert.orderId(), new CriticalCallAttempted(alertId, outcome, whom, said, at)));
        return new Attempt(at, outcome, whom, said, actor.logName());
    }

    public List<Attempt> attempts(UUID alertId) {
        return db.sql("""
                        select attempted_at, outcome, called, note, recorded_by from critical_call_attempt
                        where alert_id = ? order by attempted_at""")
                .param(alertId)
                .query((rs, n) -> new Attempt(rs.getTimestamp(1).toInstant(), CallOutcome.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    /** How many calls each open alert has had, for the table of open alerts. */
    public Map<UUID, Integer> openAttemptCounts() {
        Map<UUID, Integer> counts = new HashMap<>();
        db.sql("""
                        select c.alert_id, count(*) from critical_call_attempt c join critical_alert a on a.id = c.alert_id
                        where a.status = 'OPEN' group by c.alert_id""")
                .query(rs -> {
                    counts.put(rs.getObject(1, UUID.class), rs.getInt(2));
                });
        return counts;
    }

    public Optional<RequesterContact> contactFor(String requesterOds) {
        return db.sql("select * from requester_contact where requester_ods = ?").param(requesterOds)
                .query(CriticalResults::contact).optional();
    }

    public List<RequesterContact> contacts() {
        return db.sql("select * from requester_contact order by requester_ods").query(CriticalResults::contact).list();
    }

    /** Sets whom to phone for a requester; each change is an event, the directory its projection. */
    public RequesterContact setContact(Actor actor, String requesterOds, String name, String phone, String bleep,
                                       RequesterSetting setting) {
        actor.require(Actor.Role.LAB_MANAGER);
        RequesterContactSet set = RequesterContact.checked(requesterOds, name, phone, bleep, setting);
        log.append(actor.logName(), NewEvent.of("contact:" + set.requesterOds(), set));
        return contactFor(set.requesterOds()).orElseThrow();
    }

    private static final String SELECT = """
            select a.*, o.accession, o.requester_ods, o.clinician from critical_alert a
            join lab_order o on o.id = a.order_id""";

    private Alert alert(ResultSet rs, int n) throws SQLException {
        Timestamp toldAt = rs.getTimestamp("told_at");
        Instant raisedAt = rs.getTimestamp("raised_at").toInstant();
        String status = rs.getString("status");
        return new Alert(rs.getObject("id", UUID.class), rs.getObject("result_id", UUID.class),
                rs.getObject("order_id", UUID.class), rs.getString("accession"), rs.getString("requester_ods"),
                rs.getString("clinician"), raisedAt, status, rs.getString("told_whom"), rs.getString("told_name"),
                rs.getString("told_role"), toldAt == null ? null : toldAt.toInstant(),
                (Boolean) rs.getObject("read_back"), rs.getString("recorded_by"), deadline.dueBy(raisedAt),
                "OPEN".equals(status) && deadline.overdue(raisedAt, Instant.now()));
    }

    private static RequesterContact contact(ResultSet rs, int n) throws SQLException {
        return new RequesterContact(rs.getString("requester_ods"), rs.getString("name"), rs.getString("phone"),
                rs.getString("bleep"), rs.getString("setting") == null ? null : RequesterSetting.valueOf(rs.getString("setting")),
                rs.getString("set_by"), rs.getTimestamp("set_at").toInstant());
    }
}
