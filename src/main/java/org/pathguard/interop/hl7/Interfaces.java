package org.pathguard.interop.hl7;

import org.pathguard.access.AccessAlertRaised;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Requesters' result routes and the outbound queue: what is waiting, what is stuck, and replaying it. */
@Service
public class Interfaces {

    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]{1,253}$");
    private static final Pattern HL7_NAME = Pattern.compile("^[A-Za-z0-9 ._-]{1,50}$");

    private final EventLog log;
    private final JdbcClient db;

    Interfaces(EventLog log, JdbcClient db) {
        this.log = log;
        this.db = db;
    }

    /**
     * Where a requester's reports go is where patient data goes: only a lab manager (a person) sets it, and the privacy
     * officer is alerted to every change.
     */
    public Route configure(Actor actor, Route route) {
        actor.require(Actor.Role.LAB_MANAGER);
        String ods = OdsCode.parse(route.requesterOds()).value();
        if (route.host() == null || !HOST.matcher(route.host()).matches()) {
            throw new LabRuleViolation("invalid-host", "host must be a host name or IP address");
        }
        if (route.port() < 1 || route.port() > 65535) {
            throw new LabRuleViolation("invalid-port", "port must be between 1 and 65535");
        }
        for (String name : new String[]{route.receivingApplication(), route.receivingFacility()}) {
            if (name == null || !HL7_NAME.matcher(name).matches()) {
                throw new LabRuleViolation("invalid-hl7-name",
                        "receivingApplication and receivingFacility (MSH-5, MSH-6) must be 1 to 50 letters, digits, spaces, dots, hyphens or underscores");
            }
        }
        log.append(actor.logName(), NewEvent.of("route:" + ods, new RouteConfigured(ods, route.host(), route.port(),
                route.receivingApplication(), route.receivingFacility())),
                NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "ROUTE_CHANGED", actor.name()
                        + " sent " + ods + "'s reports to " + route.host() + ":" + route.port())));
        return routes().stream().filter(r -> r.requesterOds().equals(ods)).findFirst().orElseThrow();
    }

    public List<Route> routes(Actor actor) {
        actor.require(OPERATORS);
        return routes();
    }

    private List<Route> routes() {
        return db.sql("select * from requester_route order by requester_ods").query((rs, n) -> new Route(
                rs.getString("requester_ods"), rs.getString("host"), rs.getInt("port"),
                rs.getString("receiving_application"), rs.getString("receiving_facility"))).list();
    }

    /** Outbound messages, newest first; all states when {@code state} is null. */
    /** Who sees and replays the outbound queue: interface engineers' tools, lab staff, administrators. */
    private static final Actor.Role[] OPERATORS = {Actor.Role.INTERFACE, Actor.Role.SCIENTIST, Actor.Role.AUTHORISER,
            Actor.Role.LAB_MANAGER, Actor.Role.ADMINISTRATOR};

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
