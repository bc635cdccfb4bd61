package org.pathguard.access;

import org.pathguard.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The privacy officer's view, for the API and the screens: break-glass reads with their typed reasons, and access alerts. */
@Service
public class AccessReview {

    private final JdbcClient db;
    private final FieldCipher cipher;

    AccessReview(JdbcClient db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    public record BreakGlassRead(long eventSequence, String principal, UUID patientId, String what, String reason, Instant at) {
    }

    public record Alert(long eventSequence, String principal, String kind, String detail, Instant raisedAt) {
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

    /** Everyone who read this patient's data, and why: what a privacy officer needs after a leak. */
    public List<Read> readsOf(Actor actor, UUID patientId) {
        actor.require(Actor.Role.AUDITOR);
        return db.sql("select event_sequence, principal, what, reason, read_at from patient_read where patient_id = ? "
                        + "order by event_sequence limit 10000")
                .param(patientId)
                .query((rs, n) -> new Read(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
    }

    public List<Alert> alerts(Actor actor, Instant since) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        return db.sql("select event_sequence, principal, kind, detail, raised_at from access_alert where raised_at >= ? "
                        + "order by event_sequence desc limit 1000")
                .param(Timestamp.from(since(since)))
                .query((rs, n) -> new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
    }

    private static Instant since(Instant since) {
        return since == null ? Instant.now().minus(Duration.ofDays(30)) : since;
    }
}
