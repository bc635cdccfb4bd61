package org.pathguard.interop.hl7;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

/** The outbound report queue: what is waiting, what is stuck, and replaying it. Routes are {@link Routes}'. */
@Service
public class Interfaces {

    private final EventLog log;
    private final JdbcClient db;

    Interfaces(EventLog log, JdbcClient db) {
        this.log = log;
        this.db = db;
    }

    /** Who sees and replays the outbound queue: interface engineers' tools, lab staff, administrators. */
    private static final Actor.Role[] OPERATORS = {Actor.Role.INTERFACE, Actor.Role.SCIENTIST, Actor.Role.AUTHORISER,
            Actor.Role.LAB_MANAGER, Actor.Role.ADMINISTRATOR};

    /** Outbound messages, newest first; all states when {@code state} is null. */
    public List<OutboundMessage> outbound(Actor actor, OutboundMessage.State state, int limit) {
        actor.require(OPERATORS);
        return db.sql(SELECT + " where (?::text is null or m.state = ?) order by m.created_at desc limit ?")
                .params(state == null ? null : state.name(), state == null ? null : state.name(), Math.clamp(limit, 1, 1000))
                .query(Interfaces::message).list();
    }

    public OutboundMessage message(Actor actor, UUID id) {
        actor.require(OPERATORS);
        return message(id);
    }

    private OutboundMessage message(UUID id) {
        return db.sql(SELECT + " where m.id = ?").param(id).query(Interfaces::message).optional()
                .orElseThrow(() -> new NotFound("No outbound message with id " + id));
    }

    /** Sends a dead-lettered message again, in order behind nothing: it is due at once. */
    public OutboundMessage replay(Actor actor, UUID id) {
        actor.require(OPERATORS);
        OutboundMessage message = message(id);
        if (message.state() != OutboundMessage.State.DEAD) {
            throw new Conflict("Outbound message " + id + " is " + message.state() + "; only dead-lettered messages are replayed");
        }
        log.append(actor.logName(), NewEvent.of(id, new DeliveryReplayed(id)));
        return message(id);
    }

    private static final String SELECT = """
            select m.*, o.accession from outbound_message m join lab_order o on o.id = m.order_id""";

    private static OutboundMessage message(ResultSet rs, int n) throws SQLException {
        return new OutboundMessage(rs.getObject("id", UUID.class), rs.getString("accession"), rs.getInt("report_version"),
                rs.getString("requester_ods"), OutboundMessage.State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getString("last_error"), instant(rs.getTimestamp("delivered_at")));
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
