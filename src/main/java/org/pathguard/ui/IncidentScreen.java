package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.incident.Closing;
import org.pathguard.incident.FigureEntry;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.FigureRules;
import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;
import org.pathguard.incident.Incidents;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.pathguard.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /incident}, at a lab and at the router: the incident in force with who declared and confirmed it, the forms to
 * declare, confirm, propose and confirm its close (each offered to the roles that may, the service still deciding), the
 * incident cell's figures form with each problem beside its field and what was typed kept, the figures entered so far
 * and the past incidents. Requesters see the banner, not this screen: the figures are about other organisations.
 */
@Controller
class IncidentScreen {

    private static final DateTimeFormatter UK_DAY = DateTimeFormatter.ofPattern("d/M/uuuu");
    private static final Set<String> FIGURE_FIELDS = Set.of("organisationOds", "organisationName", "day", "kind", "value", "source");

    private final Incidents incidents;
    private final InstantSource clock;

    IncidentScreen(Incidents incidents, InstantSource clock) {
        this.incidents = incidents;
        this.clock = clock;
    }

    /** The figures form as typed: numbers and days stay text until checked, so a mistyped one is shown back as it was. */
    record FigureForm(String organisationOds, String organisationName, String day, String kind, String value, String source) {

        static FigureForm empty(LocalDate today) {
            return new FigureForm(null, null, today.toString(), null, null, null);
        }
    }

    /** A kind of figure as the form's choice offers it. */
    record KindChoice(String value, String words) {
    }

    @GetMapping("/incident")
    String incident(Actor actor, Model model) {
        return page(actor, model, Map.of(), null, null, null);
    }

    @PostMapping("/incident")
    String declare(Actor actor, @RequestParam(required = false) String summary, HttpServletResponse response, Model model,
                   RedirectAttributes redirect) {
        readable(actor);
        try {
            Incident declared = incidents.declare(actor, summary);
            redirect.addFlashAttribute("notice", "Incident declared: it is in force now and every screen shows it. A second person ("
                    + roles(incidents.seconds()) + ") confirms it.");
            return "redirect:/incident#incident-" + declared.id();
        } catch (RuntimeException e) {
            return refused(actor, model, response, e, "summary", summary, null, null);
        }
    }

    @PostMapping("/incident/{id}/confirmation")
    String confirm(Actor actor, @PathVariable UUID id, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        readable(actor);
        try {
            incidents.confirm(actor, id);
            redirect.addFlashAttribute("notice", "Incident confirmed.");
            return "redirect:/incident";
        } catch (RuntimeException e) {
            return refused(actor, model, response, e, null, null, null, null);
        }
    }

    @PostMapping("/incident/{id}/close")
    String proposeClose(Actor actor, @PathVariable UUID id, @RequestParam(required = false) String closingSummary,
                        HttpServletResponse response, Model model, RedirectAttributes redirect) {
        readable(actor);
        try {
            incidents.proposeClose(actor, id, closingSummary);
            redirect.addFlashAttribute("notice", "Close proposed. The incident stays in force until a second person ("
                    + roles(incidents.seconds()) + ") confirms the close.");
            return "redirect:/incident";
        } catch (RuntimeException e) {
            return refused(actor, model, response, e, "closingSummary", null, closingSummary, null);
        }
    }

    @PostMapping("/incident/{id}/close/confirmation")
    String confirmClose(Actor actor, @PathVariable UUID id, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        readable(actor);
        try {
            incidents.confirmClose(actor, id);
            redirect.addFlashAttribute("notice", "Close confirmed: the incident is over.");
            return "redirect:/incident";
        } catch (RuntimeException e) {
            return refused(actor, model, response, e, null, null, null, null);
        }
    }

    @PostMapping("/incident/{id}/figures")
    String enterFigure(Actor actor, @PathVariable UUID id, @ModelAttribute FigureForm form, HttpServletResponse response, Model model,
                       RedirectAttributes redirect) {
        readable(actor);
        actor.require(incidents.deciders());
        Incident incident = incidents.incident(id);
        Map<String, String> errors = new LinkedHashMap<>();
        FigureEntry entry = entry(form, errors);
        // Every problem the rules see, beside its field, unless the field's text could not even be read.
        FigureRules.problems(entry, LocalDate.ofInstant(clock.instant(), LabTime.ZONE),
                        LocalDate.ofInstant(incident.declaredAt(), LabTime.ZONE))
                .forEach(p -> errors.putIfAbsent(p.field(), p.message()));
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(actor, model, errors, null, form, null);
        }
        try {
            IncidentFigure figure = incidents.enterFigure(actor, id, entry);
            redirect.addFlashAttribute("notice", "Recorded: " + figure.kind().words() + " at " + figure.organisationName() + " on "
                    + LondonTime.date(figure.day()) + ": " + figure.value().toPlainString() + ".");
            return "redirect:/incident#figures";
        } catch (RuntimeException e) {
            return refused(actor, model, response, e, null, null, null, form);
        }
    }

    private String refused(Actor actor, Model model, HttpServletResponse response, RuntimeException e, String field, String summary,
                           String closingSummary, FigureForm form) {
        if (e instanceof NotFound) {
            throw e;
        }
        Refusal refusal = Screens.refusal(e, response);
        String where = field;
        if (form != null) {
            // The service names the field first in its words ("day: ..."): put it there, or above the form.
            String first = refusal.detail().split(":", 2)[0];
            where = FIGURE_FIELDS.contains(first) ? first : null;
        }
        if (where == null) {
            return page(actor, model, Map.of(), refusal.detail(), form, typed(summary, closingSummary));
        }
        String detail = form != null ? refusal.detail().substring(where.length() + 1).strip() : refusal.detail();
        return page(actor, model, Map.of(where, detail), null, form, typed(summary, closingSummary));
    }

    private String page(Actor actor, Model model, Map<String, String> errors, String error, FigureForm form, Map<String, String> typed) {
        readable(actor);
        LocalDate today = LocalDate.ofInstant(clock.instant(), LabTime.ZONE);
        Incident current = incidents.inForce().orElse(null);
        Closing closing = current == null ? null : incidents.closing(current.id()).orElse(null);
        List<Actor.Role> deciders = Arrays.asList(incidents.deciders());
        List<Actor.Role> seconds = Arrays.asList(incidents.seconds());
        model.addAttribute("current", current);
        model.addAttribute("closing", closing);
        model.addAttribute("network", incidents.scope() == Incident.Scope.NETWORK);
        model.addAttribute("mayDeclare", deciders.contains(actor.role()));
        // The second person's buttons are not offered to the first: the service would refuse them.
        model.addAttribute("mayConfirm", current != null && seconds.contains(actor.role()) && !actor.name().equals(current.declaredBy()));
        model.addAttribute("mayConfirmClose", closing != null && seconds.contains(actor.role()) && !actor.name().equals(closing.proposedBy()));
        model.addAttribute("secondWords", roles(incidents.seconds()));
        model.addAttribute("figures", current == null ? List.of()
                : incidents.figures(current.id(), LocalDate.ofInstant(current.declaredAt(), LabTime.ZONE), today));
        model.addAttribute("form", form == null ? FigureForm.empty(today) : form);
        model.addAttribute("kinds", Arrays.stream(FigureKind.values()).map(k -> new KindChoice(k.name(), k.words())).toList());
        model.addAttribute("past", incidents.history().stream().filter(i -> !i.inForce()).limit(20).toList());
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("typed", typed == null ? Map.of() : typed);
        return "incident";
    }

    /** The form's figure, with what could not be read as a day or a number beside its field (then left empty for the rules). */
    private static FigureEntry entry(FigureForm f, Map<String, String> errors) {
        LocalDate day = null;
        if (f.day() != null && !f.day().isBlank()) {
            day = day(f.day().strip());
            if (day == null) {
                errors.put("day", "Enter the day as day/month/year, for example 7/12/2026");
            }
        }
        BigDecimal value = null;
        if (f.value() != null && !f.value().isBlank()) {
            try {
                value = new BigDecimal(f.value().strip());
            } catch (NumberFormatException e) {
                errors.put("value", "Enter the figure as a number, for example 12 or 2.5");
            }
        }
        FigureKind kind = Arrays.stream(FigureKind.values()).filter(k -> k.name().equals(f.kind())).findFirst().orElse(null);
        return new FigureEntry(f.organisationOds(), f.organisationName(), day, kind, value, f.source());
    }

    private static LocalDate day(String typed) {
        for (DateTimeFormatter format : new DateTimeFormatter[]{DateTimeFormatter.ISO_LOCAL_DATE, UK_DAY}) {
            try {
                return LocalDate.parse(typed, format);
            } catch (DateTimeParseException e) {
                // Try the other way a person writes a day.
            }
        }
        return null;
    }

    private static Map<String, String> typed(String summary, String closingSummary) {
        Map<String, String> typed = new LinkedHashMap<>();
        if (summary != null) {
            typed.put("summary", summary);
        }
        if (closingSummary != null) {
            typed.put("closingSummary", closingSummary);
        }
        return typed;
    }

    /** Everyone but requesters: the incident's figures are about other organisations. */
    private static void readable(Actor actor) {
        actor.require(Arrays.stream(Screens.PEOPLE).filter(r -> r != Actor.Role.REQUESTER).toArray(Actor.Role[]::new));
    }

    private static String roles(Actor.Role[] roles) {
        return "another " + String.join(" or ", Arrays.stream(roles).map(r -> Wording.of(r).toLowerCase(java.util.Locale.UK)).toList());
    }
}
