package org.pathguard.incident;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.pathguard.result.ThisLab;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Incidents as a recorded state: a lab server's own (scope LAB, this lab) or, at the network router
 * ({@code pathguard.mode=router}), the network's (scope NETWORK, named by {@code pathguard.router.network-name}). An
 * incident is in force from its declaration until a second person confirms its close; its declaration is confirmed
 * by a second person too, and until then every screen says it is unconfirmed. No one person starts or ends one: the
 * banner on every screen and the sitrep's period depend on it. While it lasts, the incident cell enters the figures
 * no lab system can know ({@link FigureKind}), one event per entry.
 */
@Service
public class Incidents {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(LabTime.ZONE);

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final InstantSource clock;
    private final Incident.Scope scope;
    private final String labOds;
    private final String name;

    Incidents(EventLog log, JdbcClient db, FieldCipher cipher, InstantSource clock, ThisLab lab,
              @Value("${pathguard.mode:lab}") String mode,
              @Value("${pathguard.router.network-name:the pathology network}") String networkName) {
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
        this.scope = "router".equals(mode) ? Incident.Scope.NETWORK : Incident.Scope.LAB;
        this.labOds = scope == Incident.Scope.LAB ? lab.identity().odsCode() : null;
        this.name = scope == Incident.Scope.LAB ? lab.identity().name() : networkName;
    }

    /** Whose incidents this server records: its lab's, or at the router the network's. */
    public Incident.Scope scope() {
        return scope;
    }

    /** The incident in force now (declared and not yet closed), confirmed or not. */
    public Optional<Incident> inForce() {
        return db.sql("select * from incident where scope = ? and closed_at is null").param(scope.name())
                .query(this::row).optional();
    }

    /** The latest declared incident that was in force at some time in [from, to), if any. */
    public Optional<Incident> overlapping(Instant from, Instant to) {
        return db.sql("""
                        select * from incident where scope = ? and declared_at < ? and (closed_at is null or closed_at > ?)
                        order by declared_at desc limit 1""")
                .params(scope.name(), Timestamp.from(to), Timestamp.from(from)).query(this::row).optional();
    }

    /** Every incident, latest declared first. */
    public List<Incident> history() {
        return db.sql("select * from incident where scope = ? order by declared_at desc").param(scope.name())
                .query(this::row).list();
    }

    public Incident incident(UUID incidentId) {
        return db.sql("select * from incident where id = ?").param(incidentId).query(this::row).optional()
                .orElseThrow(() -> new NotFound("No incident with id " + incidentId));
    }

    /** The incident's close as proposed, with its confirmation once given; empty until someone proposes it. */
    public Optional<Closing> closing(UUID incidentId) {
        return db.sql("select * from incident where id = ? and close_proposed_at is not null").param(incidentId)
                .query((rs, n) -> new Closing(person(rs.getString("close_proposed_by")), instant(rs.getTimestamp("close_proposed_at")),
                        open(rs.getBytes("closing_summary"), IncidentProjection.closingBinding(incidentId)),
                        person(rs.getString("closed_by")), instant(rs.getTimestamp("closed_at")))).optional();
    }

    /**
     * The incident cell's figures for days {@code first} to {@code last} (inclusive): for each organisation, day and kind
     * the latest entry, which replaced any earlier one. Ordered by day, organisation and kind.
     */
    public List<IncidentFigure> figures(UUID incidentId, LocalDate first, LocalDate last) {
        return db.sql("""
                        select * from (select distinct on (organisation_ods, day, kind) * from incident_figure
                                       where incident_id = ? and day between ? and ?
                                       order by organisation_ods, day, kind, sequence desc) latest
                        order by day, organisation_ods, kind""")
                .params(incidentId, java.sql.Date.valueOf(first), java.sql.Date.valueOf(last)).query(this::figure).list();
    }

    /** Every entry for the incident, superseded ones too, latest first: what the incident cell sees it has entered. */
    public List<IncidentFigure> entries(UUID incidentId) {
        return db.sql("select * from incident_figure where incident_id = ? order by sequence desc").param(incidentId)
                .query(this::figure).list();
    }

    /** Declares an incident, in force from now and unconfirmed until a second person confirms it. */
    public synchronized Incident declare(Actor actor, String summary) {
        actor.require(deciders());
        String words = FreeText.reason("summary", summary, "Ransomware on the LIS: analysers offline, work referred to partners");
        Optional<Incident> current = inForce();
        if (current.isPresent()) {
            Incident i = current.get();
            throw new Conflict("An incident is already in force since " + WHEN.format(i.declaredAt()) + ", declared by "
                    + i.declaredBy() + ": " + i.summary(), java.util.Map.of("incidentId", i.id()));
        }
        UUID id = UUID.randomUUID();
        log.append(actor.logName(), NewEvent.of(stream(id), new IncidentDeclared(id, scope, labOds, name, words)));
        return incident(id);
    }

    /** A second person, never the declarer, confirms the incident. */
    public synchronized Incident confirm(Actor actor, UUID incidentId) {
        actor.require(seconds());
        Incident incident = incident(incidentId);
        if (!incident.inForce()) {
            throw new Conflict("The incident declared " + WHEN.format(incident.declaredAt()) + " is closed; there is nothing to confirm");
        }
        if (incident.confirmed()) {
            throw new Conflict("The incident was already confirmed by " + incident.confirmedBy() + " at "
                    + WHEN.format(incident.confirmedAt()));
        }
        if (actor.recorded(declaredBy(incidentId))) {
            throw new ForbiddenAction("An incident is confirmed by a second person: you declared this one");
        }
        log.append(actor.logName(), NewEvent.of(stream(incidentId), new IncidentConfirmed(incidentId)));
        return incident(incidentId);
    }

    /** Proposes ending the incident; it lasts until a second person confirms the close. */
    public synchronized Incident proposeClose(Actor actor, UUID incidentId, String closingSummary) {
        actor.require(deciders());
        Incident incident = incident(incidentId);
        String words = FreeText.reason("closingSummary", closingSummary, "LIS restored and verified; backlog cleared by 18:00");
        requireInForce(incident);
        Optional<Closing> pending = closing(incidentId);
        if (pending.isPresent()) {
            throw new Conflict("Closing this incident was already proposed by " + pending.get().proposedBy() + " at "
                    + WHEN.format(pending.get().proposedAt()) + "; it awaits a second person's confirmation");
        }
        log.append(actor.logName(), NewEvent.of(stream(incidentId), new IncidentCloseProposed(incidentId, words)));
        return incident(incidentId);
    }

    private static void requireInForce(Incident incident) {
        if (!incident.inForce()) {
            throw new Conflict("The incident declared " + WHEN.format(incident.declaredAt()) + " is not in force: it was closed at "
                    + WHEN.format(incident.closedAt()));
        }
    }

    /** A second person, never the one who proposed the close, confirms it: the incident ends now. */
    public synchronized Incident confirmClose(Actor actor, UUID incidentId) {
        actor.require(seconds());
        Incident incident = incident(incidentId);
        requireInForce(incident);
        if (closing(incidentId).isEmpty()) {
            throw new Conflict("No one has proposed closing this incident yet: a manager proposes the close with a closing summary first");
        }
        String proposer = db.sql("select close_proposed_by from incident where id = ?").param(incidentId).query(String.class).single();
        if (actor.recorded(proposer)) {
            throw new ForbiddenAction("An incident's close is confirmed by a second person: you proposed this one");
        }
        log.append(actor.logName(), NewEvent.of(stream(incidentId), new IncidentClosed(incidentId)));
        return incident(incidentId);
    }

    /** Records one figure of the incident cell's; an entry for the same organisation, day and kind replaces the earlier one. */
    public synchronized IncidentFigure enterFigure(Actor actor, UUID incidentId, FigureEntry entry) {
        actor.require(deciders());
        Incident incident = incident(incidentId);
        if (!incident.inForce()) {
            throw new Conflict("The incident declared " + WHEN.format(incident.declaredAt()) + " was closed at "
                    + WHEN.format(incident.closedAt()) + "; its figures are final");
        }
        FigureEntry checked = FigureRules.checked(entry, LocalDate.ofInstant(clock.instant(), LabTime.ZONE),
                LocalDate.ofInstant(incident.declaredAt(), LabTime.ZONE));
        UUID id = UUID.randomUUID();
        log.append(actor.logName(), NewEvent.of(stream(incidentId), new IncidentFigureEntered(id, incidentId,
                checked.organisationOds(), checked.organisationName(), checked.day(), checked.kind(), checked.value(), checked.source())));
        return db.sql("select * from incident_figure where id = ?").param(id).query(this::figure).single();
    }

    /** Who declares, proposes the close and enters figures: the lab's managers, or at the router the network's. */
    public Actor.Role[] deciders() {
        return scope == Incident.Scope.LAB ? new Actor.Role[]{Actor.Role.LAB_MANAGER} : new Actor.Role[]{Actor.Role.NETWORK_MANAGER};
    }

    /** Who may be the second person: at a lab another manager or an authoriser (a senior on every shift), at the router another network manager. */
    public Actor.Role[] seconds() {
        return scope == Incident.Scope.LAB ? new Actor.Role[]{Actor.Role.LAB_MANAGER, Actor.Role.AUTHORISER}
                : new Actor.Role[]{Actor.Role.NETWORK_MANAGER};
    }

    private String declaredBy(UUID incidentId) {
        return db.sql("select declared_by from incident where id = ?").param(incidentId).query(String.class).single();
    }

    private static String stream(UUID incidentId) {
        return "incident:" + incidentId;
    }

    private Incident row(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Instant closedAt = instant(rs.getTimestamp("closed_at"));
        return new Incident(id, Incident.Scope.valueOf(rs.getString("scope")), rs.getString("lab_ods"), rs.getString("name"),
                open(rs.getBytes("summary"), IncidentProjection.summaryBinding(id)),
                person(rs.getString("declared_by")), instant(rs.getTimestamp("declared_at")),
                person(rs.getString("confirmed_by")), instant(rs.getTimestamp("confirmed_at")),
                // Closed by the person who proposed the close (their closing summary), once a second person confirmed it.
                closedAt == null ? null : person(rs.getString("close_proposed_by")), closedAt,
                closedAt == null ? null : open(rs.getBytes("closing_summary"), IncidentProjection.closingBinding(id)));
    }

    private IncidentFigure figure(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new IncidentFigure(rs.getObject("incident_id", UUID.class), rs.getString("organisation_ods"),
                rs.getString("organisation_name"), rs.getDate("day").toLocalDate(), FigureKind.valueOf(rs.getString("kind")),
                FigureRules.plain(rs.getBigDecimal("value")),
                open(rs.getBytes("source"), IncidentProjection.sourceBinding(id)), person(rs.getString("entered_by")),
                instant(rs.getTimestamp("entered_at")));
    }

    private String open(byte[] sealed, String binding) {
        return sealed == null ? null : new String(cipher.open(sealed, binding), StandardCharsets.UTF_8);
    }

    /** A person as the log names them ("a.jones/LAB_MANAGER"), without the role they acted in. */
    private static String person(String logName) {
        return logName == null ? null : logName.substring(0, logName.lastIndexOf('/') < 0 ? logName.length() : logName.lastIndexOf('/'));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
