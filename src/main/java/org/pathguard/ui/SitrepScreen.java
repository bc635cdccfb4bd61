package org.pathguard.ui;

import java.time.InstantSource;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.pathguard.sitrep.Sitrep;
import org.pathguard.sitrep.SitrepFiles;
import org.pathguard.sitrep.SitrepPdf;
import org.pathguard.sitrep.SitrepTables;
import org.pathguard.sitrep.Sitreps;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The sitrep on a screen, at a lab (its own) and at the router (the network's and each lab's): choose whom it is about,
 * a day or a week, and the first day; then every table with the line saying how its figures were computed, charts of
 * capacity against normal, the backlog and turnaround against the consensus, the incident cell's figures beside the
 * lab's own, and the same sitrep as CSV, JSON and PDF. It asks the sitrep service only, as the API does, so it shows
 * nothing the API would not; who may see it is the source's rule. A period typed wrong is said beside its field.
 */
@Controller
class SitrepScreen {

    private final Sitreps sitreps;
    private final InstantSource clock;

    SitrepScreen(Sitreps sitreps, InstantSource clock) {
        this.sitreps = sitreps;
        this.clock = clock;
    }

    /** A table as the page shows it, with which columns hold figures (right-aligned, as a table of numbers is read). */
    record Table(SitrepTables.Table table, List<Boolean> figures) {
    }

    @GetMapping("/sitrep")
    String sitrep(Actor actor, @RequestParam(required = false) String period, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String subject, HttpServletResponse response, Model model) {
        List<Sitrep.Subject> subjects = sitreps.subjects(actor);
        String length = period == null || period.isBlank() ? "day" : period;
        // Today in the lab's time by the server's one clock, so a replayed or simulated week shows its own today.
        String first = from == null ? LocalDate.ofInstant(clock.instant(), LabTime.ZONE).toString() : from;
        String about = subject == null || subject.isBlank() ? key(subjects.getFirst()) : subject.strip();
        model.addAttribute("subjects", subjects);
        model.addAttribute("period", length);
        model.addAttribute("from", first);
        model.addAttribute("subject", about);
        Map<String, String> errors = new LinkedHashMap<>();
        model.addAttribute("errors", errors);
        Sitrep sitrep;
        try {
            sitrep = sitreps.make(actor, length, first, about);
        } catch (LabRuleViolation | NotFound e) {
            errors.put(field(e), Screens.refusal(e, response).detail());
            return "sitrep";
        }
        model.addAttribute("sitrep", sitrep);
        List<Table> tables = SitrepTables.of(sitrep).stream().map(SitrepScreen::shown).toList();
        model.addAttribute("tables", tables);
        // Shown beside the lab's own capacity, where a reader compares them, rather than last.
        model.addAttribute("reported", tables.stream().filter(t -> t.table().section() == Sitrep.Section.REPORTED).findFirst().orElseThrow());
        model.addAttribute("heading", SitrepFiles.heading(sitrep));
        model.addAttribute("capacityChart", SitrepCharts.capacity("sitrep-capacity", sitrep.capacity()));
        model.addAttribute("backlogChart", SitrepCharts.backlog("sitrep-backlog", sitrep.backlog()));
        model.addAttribute("turnaroundChart", SitrepCharts.turnaround("sitrep-turnaround", sitrep.turnaround()));
        model.addAttribute("links", links(length, first, about));
        return "sitrep";
    }

    /** Beside which field a refusal is said: the period's length, its first day, the subject, or above the form. */
    private static String field(RuntimeException e) {
        if (e instanceof NotFound) {
            return "subject";
        }
        return switch (((LabRuleViolation) e).code()) {
            case "invalid-period" -> "period";
            case "missing-from", "invalid-from", "period-not-begun" -> "from";
            default -> "form";
        };
    }

    /** The subject as the address names it: its ODS code, or "network" for the network's own. */
    static String key(Sitrep.Subject subject) {
        return subject.kind() == Sitrep.Subject.Kind.NETWORK ? "network" : subject.ods();
    }

    private static Table shown(SitrepTables.Table table) {
        return new Table(table, SitrepPdf.figureColumns(table));
    }

    /** The same sitrep as files: CSV and JSON from /api/sitrep, the PDF from /api/sitrep/pdf. */
    private static Map<String, String> links(String period, String from, String subject) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("CSV", address("/api/sitrep", period, from, subject, "csv"));
        links.put("JSON", address("/api/sitrep", period, from, subject, "json"));
        links.put("PDF", address("/api/sitrep/pdf", period, from, subject, null));
        return links;
    }

    private static String address(String path, String period, String from, String subject, String format) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path).queryParam("period", period).queryParam("from", from)
                .queryParam("subject", subject);
        if (format != null) {
            uri.queryParam("format", format);
        }
        return uri.encode().build().toUriString();
    }
}
