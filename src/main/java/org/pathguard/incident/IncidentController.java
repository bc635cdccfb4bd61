package org.pathguard.incident;

import org.pathguard.access.Actor;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/incidents}: this server's incidents (a lab's, or the network's at the router), their two-person declaration
 * and close, and the incident cell's figures. Every signed-in person may see the incident (every screen shows it);
 * the figures are for the lab's and the network's staff, not requesters. Machines have no part in it.
 */
@RestController
class IncidentController {

    private static final Actor.Role[] PEOPLE = Arrays.stream(Actor.Role.values()).filter(Actor.Role::human).toArray(Actor.Role[]::new);
    private static final Actor.Role[] FIGURE_READERS = Arrays.stream(PEOPLE).filter(r -> r != Actor.Role.REQUESTER)
            .toArray(Actor.Role[]::new);

    private final Incidents incidents;
    private final InstantSource clock;

    IncidentController(Incidents incidents, InstantSource clock) {
        this.incidents = incidents;
        this.clock = clock;
    }

    record Declaration(String summary) {
    }

    record CloseProposal(String closingSummary) {
    }

    record FigureRequest(String organisationOds, String organisationName, LocalDate day, FigureKind kind, BigDecimal value,
                         String source) {
    }

    /** An incident with its close as proposed and confirmed (null until proposed). */
    record IncidentState(Incident incident, Closing closing) {
    }

    @GetMapping("/api/incidents")
    List<Incident> history(Actor actor) {
        actor.require(PEOPLE);
        return incidents.history();
    }

    @GetMapping("/api/incidents/in-force")
    IncidentState inForce(Actor actor) {
        actor.require(PEOPLE);
        return incidents.inForce().map(this::state).orElseThrow(() -> new NotFound("No incident is in force"));
    }

    @GetMapping("/api/incidents/{id}")
    IncidentState incident(Actor actor, @PathVariable UUID id) {
        actor.require(PEOPLE);
        return state(incidents.incident(id));
    }

    /** Declares: 201, in force now and unconfirmed until a second person confirms it. */
    @PostMapping("/api/incidents")
    ResponseEntity<Incident> declare(Actor actor, @RequestBody Declaration declaration) {
        Incident incident = incidents.declare(actor, declaration.summary());
        return ResponseEntity.created(URI.create("/api/incidents/" + incident.id())).body(incident);
    }

    @PostMapping("/api/incidents/{id}/confirmation")
    Incident confirm(Actor actor, @PathVariable UUID id) {
        return incidents.confirm(actor, id);
    }

    /** Proposes the close: 202, because the incident lasts until a second person confirms it. */
    @PostMapping("/api/incidents/{id}/close")
    ResponseEntity<IncidentState> proposeClose(Actor actor, @PathVariable UUID id, @RequestBody CloseProposal proposal) {
        return ResponseEntity.accepted().body(state(incidents.proposeClose(actor, id, proposal.closingSummary())));
    }

    @PostMapping("/api/incidents/{id}/close/confirmation")
    IncidentState confirmClose(Actor actor, @PathVariable UUID id) {
        return state(incidents.confirmClose(actor, id));
    }

    @PostMapping("/api/incidents/{id}/figures")
    ResponseEntity<IncidentFigure> enterFigure(Actor actor, @PathVariable UUID id, @RequestBody FigureRequest figure) {
        IncidentFigure entered = incidents.enterFigure(actor, id, new FigureEntry(figure.organisationOds(), figure.organisationName(),
                figure.day(), figure.kind(), figure.value(), figure.source()));
        return ResponseEntity.created(URI.create("/api/incidents/" + id + "/figures")).body(entered);
    }

    /** The latest figure per organisation, day and kind, from {@code first} (default: the declared day) to {@code last} (default: today). */
    @GetMapping("/api/incidents/{id}/figures")
    List<IncidentFigure> figures(Actor actor, @PathVariable UUID id, @RequestParam(required = false) LocalDate first,
                                 @RequestParam(required = false) LocalDate last) {
        actor.require(FIGURE_READERS);
        Incident incident = incidents.incident(id);
        Instant end = incident.closedAt() == null ? clock.instant() : incident.closedAt();
        return incidents.figures(id, first == null ? LocalDate.ofInstant(incident.declaredAt(), LabTime.ZONE) : first,
                last == null ? LocalDate.ofInstant(end, LabTime.ZONE) : last);
    }

    private IncidentState state(Incident incident) {
        return new IncidentState(incident, incidents.closing(incident.id()).orElse(null));
    }
}
