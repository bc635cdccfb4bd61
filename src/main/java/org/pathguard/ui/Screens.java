package org.pathguard.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.incident.Incidents;
import org.pathguard.web.Refusal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What every screen shares: who is signed in, the screens their role uses, and refusals shown as a
 * page (with the same words and status as the API's problem+json) instead of a JSON body. A lab offers
 * the lab's screens; the network router ({@code pathguard.mode=router}) offers the network's, since it holds
 * no patients, worklists or results of its own.
 */
@ControllerAdvice(basePackageClasses = Screens.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class Screens {

    record Screen(String path, String label, boolean current) {
    }

    private record Entry(String path, String label, Set<Actor.Role> roles) {
    }

    /** Every role a person signs in with (machines have no screens). */
    static final Actor.Role[] PEOPLE = Arrays.stream(Actor.Role.values()).filter(Actor.Role::human).toArray(Actor.Role[]::new);

    private static final Set<Actor.Role> LAB = Set.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
    /** Who may ask a lab's sitrep (the lab's source refuses anyone else): the lab's people and the privacy officer. */
    private static final Set<Actor.Role> SITREP_AT_A_LAB = Set.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER,
            Actor.Role.AUDITOR);
    private static final Set<Actor.Role> BENCH = Set.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);

    private static final List<Entry> ALL = List.of(
            new Entry("/", "Worklists", LAB),
            new Entry("/reception", "Reception", LAB),
            new Entry("/results/entry", "Result entry", BENCH),
            new Entry("/validation", "Validation", BENCH),
            new Entry("/critical", "Critical results", LAB),
            new Entry("/qc", "Quality control", LAB),
            new Entry("/referrals", "Referred out", LAB),
            new Entry("/partners", "Partner labs", LAB),
            new Entry("/incident/samples", "Every sample", Set.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER,
                    Actor.Role.REQUESTER)),
            new Entry("/inbox", "Results inbox", Set.of(Actor.Role.REQUESTER)),
            new Entry("/orders/new", "New request", Set.of(Actor.Role.REQUESTER)),
            new Entry("/patients", "Patients", Set.of(PEOPLE)),
            new Entry("/turnaround", "Turnaround", LAB),
            new Entry("/sitrep", "Sitrep", SITREP_AT_A_LAB),
            new Entry("/incident", "Incident", Set.of(Actor.Role.LAB_MANAGER, Actor.Role.AUTHORISER)),
            new Entry("/admin", "Users", Set.of(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR)),
            new Entry("/audit", "Access audit", Set.of(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER)),
            new Entry("/breach", "Breach scan", Set.of(Actor.Role.AUDITOR)),
            new Entry("/posture", "Security posture", Set.of(Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR)));

    /** The router's screens: the network's state, its directory, a requester's own orders; and the people who use the router. */
    private static final List<Entry> ROUTER = List.of(
            new Entry("/network", "Network", Set.of(Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR)),
            new Entry("/network/directory", "Directory", Set.of(Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER,
                    Actor.Role.AUDITOR, Actor.Role.ADMINISTRATOR)),
            new Entry("/network/orders", "Our orders", Set.of(Actor.Role.REQUESTER)),
            new Entry("/sitrep", "Sitrep", Set.of(Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR)),
            new Entry("/network/simulation", "Outage simulation", Set.of(Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER,
                    Actor.Role.AUDITOR)),
            new Entry("/incident", "Incident", Set.of(Actor.Role.NETWORK_MANAGER)),
            new Entry("/admin", "Users", Set.of(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR)),
            new Entry("/audit", "Access audit", Set.of(Actor.Role.AUDITOR)));

    private final boolean router;
    private final Incidents incidents;

    Screens(@Value("${pathguard.mode:lab}") String mode, Incidents incidents) {
        this.router = "router".equals(mode);
        this.incidents = incidents;
    }

    /** Whether this is the network router, whose screens are the network's and not a lab's. */
    boolean atRouter() {
        return router;
    }

    /** Where a role starts after signing in. */
    String home(Actor actor) {
        if (router) {
            return switch (actor.role()) {
                case REQUESTER -> "/network/orders";
                case ADMINISTRATOR -> "/admin";
                default -> "/network";
            };
        }
        return switch (actor.role()) {
            case REQUESTER -> "/patients";
            case AUDITOR -> "/audit";
            case ADMINISTRATOR -> "/admin";
            default -> "/";
        };
    }

    @ModelAttribute
    void shared(Model model, HttpServletRequest request) {
        Actor me = signedIn();
        model.addAttribute("me", me);
        model.addAttribute("screens", me == null ? List.of() : screensFor(me, request.getRequestURI()));
        // Everyone signed in works under the incident while it lasts, whatever screen they are on: the layout's banner says so.
        model.addAttribute("incidentInForce", me == null ? null : incidents.inForce().orElse(null));
    }

    /** A whole page, or for htmx (which swaps 4xx answers into the page) the error summary alone. */
    @ExceptionHandler(Exception.class)
    String refused(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        shared(model, request);
        model.addAttribute("refusal", refusal(e, response));
        return request.getHeader("HX-Request") == null ? "refused" : "refused :: summary";
    }

    /** For a screen that shows a refusal in place (a form shown again with the reason): its words, with the API's status. */
    static Refusal refusal(Exception e, HttpServletResponse response) {
        Refusal refusal = Refusal.of(e);
        response.setStatus(refusal.status().value());
        return refusal;
    }

    private List<Screen> screensFor(Actor me, String path) {
        List<Entry> offered = (router ? ROUTER : ALL).stream().filter(e -> e.roles().contains(me.role())).toList();
        // The longest path that starts the address is the current screen: /network/directory, not /network.
        String current = offered.stream().map(Entry::path)
                .filter(p -> p.equals("/") ? path.equals("/") : path.startsWith(p))
                .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
        return offered.stream().map(e -> new Screen(e.path(), e.label(), e.path().equals(current))).toList();
    }

    private static Actor signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Actor actor ? actor : null;
    }
}
