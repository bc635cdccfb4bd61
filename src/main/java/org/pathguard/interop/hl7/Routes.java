package org.pathguard.interop.hl7;

import org.pathguard.access.AccessAlertRaised;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where requesters' reports go. Where reports go is where patient data goes, so no one person moves
 * it: a lab manager proposes a route, another lab manager or the privacy officer approves it, and
 * only then is it in force. A route may only point at a host and port the administrator has put on
 * the list of destinations; the privacy officer hears of every proposal, route and destination.
 */
@Service
public class Routes {

    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]{1,253}$");
    private static final Pattern HL7_NAME = Pattern.compile("^[A-Za-z0-9 ._-]{1,50}$");
    private static final int LONGEST_COMMENT = 500;

    /** Who sees routes, proposals and destinations: the people who decide them and the interface engineers' tools. */
    private static final Actor.Role[] READERS = {Actor.Role.INTERFACE, Actor.Role.SCIENTIST, Actor.Role.AUTHORISER,
            Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR, Actor.Role.ADMINISTRATOR};

    private final EventLog log;
    private final JdbcClient db;
    private final OutboundMllp outbound;

    Routes(EventLog log, JdbcClient db, OutboundMllp outbound) {
        this.log = log;
        this.db = db;
        this.outbound = outbound;
    }

    /** A lab manager's proposal; the route in force does not change until a second person approves. */
    public RouteProposal propose(Actor actor, Route route) {
        actor.require(Actor.Role.LAB_MANAGER);
        Route checked = checked(route);
        requireAllowed(checked.host(), checked.port());
        if (checked.tls() && !outbound.tlsConfigured()) {
            throw new LabRuleViolation("outbound-tls-not-configured", "This lab has no client certificate for outbound MLLP over TLS: "
                    + "the operator sets pathguard.outbound.tls.key-store and pathguard.outbound.tls.trust-store first");
        }
        UUID id = UUID.randomUUID();
        log.append(actor.logName(), NewEvent.of("route:" + checked.requesterOds(), new RouteProposed(id, checked.requesterOds(),
                        checked.host(), checked.port(), checked.receivingApplication(), checked.receivingFacility(), checked.tls())),
                NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "ROUTE_PROPOSED", actor.name()
                        + " proposed sending " + checked.requesterOds() + "'s reports to " + checked.host() + ":" + checked.port()
                        + (checked.tls() ? " over TLS" : "") + "; it waits for a second person's approval")));
        return proposal(id);
    }

    /** The second person's decision, never the proposer's; one at a time, so a proposal is decided once. */
    public synchronized RouteProposal decide(Actor actor, UUID id, boolean approve, String comment) {
        actor.require(Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR);
        RouteProposal proposal = proposal(id);
        if (actor.recorded(proposal.proposedBy())) {
            throw new ForbiddenAction("A route change needs a second person's approval: you proposed this one");
        }
        if (proposal.state() != RouteProposal.State.AWAITING_APPROVAL) {
            throw new Conflict("Route proposal " + id + " is " + proposal.state() + "; only proposals awaiting approval are decided");
        }
        String why = comment == null || comment.isBlank() ? null : comment.strip();
        if (why != null && why.length() > LONGEST_COMMENT) {
            throw new LabRuleViolation("comment-too-long", "The comment may be at most " + LONGEST_COMMENT + " characters");
        }
        Route route = proposal.route();
        List<NewEvent> events = new ArrayList<>(List.of(NewEvent.of("route:" + route.requesterOds(), new RouteDecided(id, approve, why))));
        if (approve) {
            // The administrator may have withdrawn the destination since the proposal.
            requireAllowed(route.host(), route.port());
            events.add(NewEvent.of("route:" + route.requesterOds(), new RouteConfigured(route.requesterOds(), route.host(),
                    route.port(), route.receivingApplication(), route.receivingFacility(), route.tls())));
            events.add(NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "ROUTE_CHANGED", actor.name()
                    + " approved " + proposal.proposedBy() + "'s route: " + route.requesterOds() + "'s reports now go to "
                    + route.host() + ":" + route.port() + (route.tls() ? " over TLS" : ""))));
        }
        log.append(actor.logName(), events);
        return proposal(id);
    }

    public List<Route> routes(Actor actor) {
        actor.require(READERS);
        return inForce();
    }

    /**
     * The routes in force (a route is in this table only once a second person approved it), for the security posture:
     * no person asks, the posture itself is for the lab manager and auditor.
     */
    public List<Route> inForce() {
        return db.sql("select * from requester_route order by requester_ods").query((rs, n) -> route(rs)).list();
    }

    /** Proposals, newest first. */
    public List<RouteProposal> proposals(Actor actor) {
        actor.require(READERS);
        return db.sql("select * from route_proposal order by proposed_at desc limit 500").query(Routes::proposal).list();
    }

    public RouteProposal proposal(Actor actor, UUID id) {
        actor.require(READERS);
        return proposal(id);
    }

    private RouteProposal proposal(UUID id) {
        return db.sql("select * from route_proposal where id = ?").param(id).query(Routes::proposal).optional()
                .orElseThrow(() -> new NotFound("No route proposal with id " + id));
    }

    /** The administrator's list of where reports may go; each addition is a notice to the privacy officer. */
    public Destination allow(Actor actor, String host, int port) {
        actor.require(Actor.Role.ADMINISTRATOR);
        String name = host(host);
        requirePort(port);
        if (destination(name, port) == null) {
            log.append(actor.logName(), NewEvent.of("destination:" + name + ":" + port, new DestinationAllowed(name, port)),
                    NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "DESTINATION_ALLOWED",
                            actor.name() + " allowed reports to be sent to " + name + ":" + port)));
        }
        return destination(name, port);
    }

    /** Routes to a withdrawn destination hold their reports until it is allowed again or the route changes. */
    public void withdraw(Actor actor, String host, int port) {
        actor.require(Actor.Role.ADMINISTRATOR);
        String name = host(host);
        if (destination(name, port) == null) {
            throw new NotFound(name + ":" + port + " is not on the list of destinations");
        }
        log.append(actor.logName(), NewEvent.of("destination:" + name + ":" + port, new DestinationWithdrawn(name, port)),
                NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "DESTINATION_WITHDRAWN",
                        actor.name() + " withdrew " + name + ":" + port + " from the destinations reports may be sent to")));
    }

    public List<Destination> destinations(Actor actor) {
        actor.require(READERS);
        return db.sql("select * from route_destination order by host, port").query(Routes::destination).list();
    }

    private Destination destination(String host, int port) {
        return db.sql("select * from route_destination where host = ? and port = ?").params(host, port)
                .query(Routes::destination).optional().orElse(null);
    }

    private void requireAllowed(String host, int port) {
        if (destination(host, port) == null) {
            throw new LabRuleViolation("destination-not-allowed", host + ":" + port
                    + " is not on the list of destinations reports may be sent to. Ask the administrator to allow it"
                    + " (POST /api/interfaces/destinations), then propose the route again");
        }
    }

    private static Route checked(Route route) {
        String ods = OdsCode.parse(route.requesterOds()).value();
        String host = host(route.host());
        requirePort(route.port());
        for (String name : new String[]{route.receivingApplication(), route.receivingFacility()}) {
            if (name == null || !HL7_NAME.matcher(name).matches()) {
                throw new LabRuleViolation("invalid-hl7-name",
                        "receivingApplication and receivingFacility (MSH-5, MSH-6) must be 1 to 50 letters, digits, spaces, dots, hyphens or underscores");
            }
        }
        return new Route(ods, host, route.port(), route.receivingApplication(), route.receivingFacility(), route.tls());
    }

    /** A route from a row of requester_route or route_proposal. */
    static Route route(ResultSet rs) throws SQLException {
        return new Route(rs.getString("requester_ods"), rs.getString("host"), rs.getInt("port"),
                rs.getString("receiving_application"), rs.getString("receiving_facility"), rs.getBoolean("tls"));
    }

    /** Host names compare without regard to case, so the list holds them in lower case. */
    private static String host(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new LabRuleViolation("invalid-host", "host must be a host name or IP address");
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new LabRuleViolation("invalid-port", "port must be between 1 and 65535");
        }
    }

    private static RouteProposal proposal(ResultSet rs, int n) throws SQLException {
        return new RouteProposal(rs.getObject("id", UUID.class), route(rs),
                rs.getString("proposed_by"), rs.getTimestamp("proposed_at").toInstant(),
                RouteProposal.State.valueOf(rs.getString("state")), rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")));
    }

    private static Destination destination(ResultSet rs, int n) throws SQLException {
        return new Destination(rs.getString("host"), rs.getInt("port"), rs.getString("allowed_by"),
                rs.getTimestamp("allowed_at").toInstant());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
