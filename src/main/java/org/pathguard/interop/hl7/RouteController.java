package org.pathguard.interop.hl7;

import org.pathguard.access.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Requesters' result routes: proposed by a lab manager, decided by a second person, to destinations the administrator allowed. */
@RestController
class RouteController {

    private final Routes routes;

    RouteController(Routes routes) {
        this.routes = routes;
    }

    /** {@code tls}: connect over TLS presenting the lab's client certificate (pathguard.outbound.tls.*). */
    record RouteRequest(String host, int port, String receivingApplication, String receivingFacility, Boolean tls) {
    }

    record Decision(boolean approve, String comment) {
    }

    record DestinationRequest(String host, int port) {
    }

    /** Proposes the route: 202, because it is in force only once a second person approves it. */
    @PutMapping("/api/interfaces/routes/{requesterOds}")
    ResponseEntity<RouteProposal> propose(Actor actor, @PathVariable String requesterOds, @RequestBody RouteRequest route) {
        RouteProposal proposal = routes.propose(actor, new Route(requesterOds, route.host(), route.port(),
                route.receivingApplication(), route.receivingFacility(), Boolean.TRUE.equals(route.tls())));
        return ResponseEntity.accepted().location(URI.create("/api/interfaces/route-proposals/" + proposal.id())).body(proposal);
    }

    @GetMapping("/api/interfaces/routes")
    List<Route> routes(Actor actor) {
        return routes.routes(actor);
    }

    @GetMapping("/api/interfaces/route-proposals")
    List<RouteProposal> proposals(Actor actor) {
        return routes.proposals(actor);
    }

    @GetMapping("/api/interfaces/route-proposals/{id}")
    RouteProposal proposal(Actor actor, @PathVariable UUID id) {
        return routes.proposal(actor, id);
    }

    @PostMapping("/api/interfaces/route-proposals/{id}/decision")
    RouteProposal decide(Actor actor, @PathVariable UUID id, @RequestBody Decision decision) {
        return routes.decide(actor, id, decision.approve(), decision.comment());
    }

    @GetMapping("/api/interfaces/destinations")
    List<Destination> destinations(Actor actor) {
        return routes.destinations(actor);
    }

    @PostMapping("/api/interfaces/destinations")
    @ResponseStatus(HttpStatus.CREATED)
    Destination allow(Actor actor, @RequestBody DestinationRequest destination) {
        return routes.allow(actor, destination.host(), destination.port());
    }

    @DeleteMapping("/api/interfaces/destinations/{host}/{port}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdraw(Actor actor, @PathVariable String host, @PathVariable int port) {
        routes.withdraw(actor, host, port);
    }
}
