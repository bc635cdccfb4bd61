package org.pathguard.result;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.StatedTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Critical-result alerts stay open until the phone call is recorded with a read-back. */
@Service
public class CriticalResults {

    private final EventLog log;
    private final JdbcClient db;

    CriticalResults(EventLog log, JdbcClient db) {
        this.log = log;
        this.db = db;
    }

    public record Alert(UUID id, UUID resultId, UUID orderId, String accession, String requesterOds, String clinician,
                        Instant raisedAt, String status, String toldWhom, Instant toldAt, Boolean readBack,
                        String recordedBy) {
    }

    public List<Alert> list(boolean openOnly) {
        return db.sql(SELECT + (openOnly ? " where a.status = 'OPEN'" : "") + " order by a.raised_at, o.accession, a.id")
                .query(CriticalResults::alert).list();
    }

    /** Alerts phoned since the given time, latest first: the call record. */
    public List<Alert> phonedSince(Instant since) {
        return db.sql(SELECT + " where a.status <> 'OPEN' and a.told_at >= ? order by a.told_at desc, a.id limit 200")
                .param(java.sql.Timestamp.from(since)).query(CriticalResults::alert).list();
    }

    public Alert get(UUID alertId) {
        return db.sql(SELECT + " where a.id = ?").param(alertId).query(CriticalResults::alert).optional()
                .orElseThrow(() -> new NotFound("No critical-result alert with id " + alertId));
    }

    public Alert recordCall(Actor actor, UUID alertId, String toldWhom, Instant toldAt, boolean readBack) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        if (toldWhom == null || toldWhom.isBlank()) {
            throw new LabRuleViolation("missing-field", "toldWhom (name and role of the person told) is required");
        }
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
                new CriticalResultPhoned(alertId, alert.resultId(), toldWhom.trim(), at, true)));
        return get(alertId);
    }

    private static final String SELECT = """
            select a.*, o.accession, o.requester_ods, o.clinician from critical_alert a
            join lab_order o on o.id = a.order_id""";

    private static Alert alert(ResultSet rs, int n) throws SQLException {
        Timestamp toldAt = rs.getTimestamp("told_at");
        return new Alert(rs.getObject("id", UUID.class), rs.getObject("result_id", UUID.class),
                rs.getObject("order_id", UUID.class), rs.getString("accession"), rs.getString("requester_ods"),
                rs.getString("clinician"), rs.getTimestamp("raised_at").toInstant(), rs.getString("status"),
                rs.getString("told_whom"), toldAt == null ? null : toldAt.toInstant(),
                (Boolean) rs.getObject("read_back"), rs.getString("recorded_by"));
    }
}
