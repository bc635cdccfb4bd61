package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.access.ReadRefused;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Units;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientChange;
import org.pathguard.patient.PatientRecords;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.PatientSearch;
import org.pathguard.order.OrderDesk;
import org.pathguard.report.Reports;
import org.pathguard.result.CumulativeResults;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A patient's results: search by NHS or hospital number (a POST, so the number is never in a URL),
 * then the record at its own address, /patients/{pseudonymous id}, opened by GET (post-redirect-get,
 * so Back and reload never resubmit a search). The cumulative table and a trend chart per analyte
 * with its reference band, both in the order the specimens were taken. Every view passes the read
 * gate first; a reader without a care relationship may break the glass with a typed reason, which
 * opens the record once: it travels to that one GET as a flash attribute, never in the address.
 * The record shows its corrections and merges; a record merged into another says so, and where it
 * went, before the read gate (ids and a time only), and a lab manager may correct it or merge a
 * duplicate into it ({@link PatientRecordChanges}).
 */
@Controller
class PatientRecord {

    private static final int COLUMNS = 8;
    /** Flash attribute: the break-glass reason for the one GET of the record that follows. */
    private static final String GLASS = "glass";

    private final PatientSearch search;
    private final PatientRegistry patients;
    private final CumulativeResults cumulative;
    private final OrderDesk orders;
    private final Reports reports;
    private final PatientRecords records;

    PatientRecord(PatientSearch search, PatientRegistry patients, CumulativeResults cumulative, OrderDesk orders,
                  Reports reports, PatientRecords records) {
        this.search = search;
        this.patients = patients;
        this.cumulative = cumulative;
        this.orders = orders;
        this.reports = reports;
        this.records = records;
    }

    /** A typed break-glass reason for one patient, carried to the GET of their record. */
    record Glass(UUID patientId, String reason) {
    }

    /** One column of the cumulative table: the results of one request, at the time its specimen was taken; reported when its report is out. */
    record Column(String accession, Instant collectedAt, boolean reported) {
    }

    record Row(String analyte, String unit, List<CumulativeResults.Point> cells) {
    }

    record Chart(String analyte, String svg) {
    }

    @GetMapping("/patients")
    String searchPage(Actor actor, Model model) {
        actor.require(Screens.PEOPLE);
        return "patients";
    }

    /** An exact number; a reader with no reason to see the patient found may repeat the search with a break-glass reason. */
    @PostMapping("/patients/search")
    String find(Actor actor, @RequestParam(defaultValue = "") String number, @RequestParam(required = false) String reason,
                Model model, HttpServletResponse response, RedirectAttributes redirect) {
        actor.require(Screens.PEOPLE);
        Actor reader = reason == null ? actor : actor.withBreakGlass(reason);
        String digits = number.replaceAll("[\\s-]", "");
        List<Patient> found;
        try {
            found = digits.matches("\\d{10}") ? search.find(reader, digits, null) : search.find(reader, null, number);
        } catch (ReadRefused refused) {
            return breakGlassForm(model, response, refused, "/patients/search", number, reason);
        } catch (LabRuleViolation badNumber) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("numberError", badNumber.getMessage());
            model.addAttribute("number", number);
            return "patients";
        }
        if (found.size() == 1) {
            return toRecord(found.getFirst().id(), reason, redirect);
        }
        model.addAttribute("found", found);
        model.addAttribute("searched", true);
        model.addAttribute("number", number);
        return "patients";
    }

    /** The record; opened with a break-glass reason only when the POST just before it carried one for this patient. */
    @GetMapping("/patients/{id}")
    String record(Actor actor, @PathVariable UUID id, Model model, HttpServletResponse response) {
        String reason = model.getAttribute(GLASS) instanceof Glass glass && glass.patientId().equals(id) ? glass.reason() : null;
        model.addAttribute("merged", patients.merged(id).orElse(null));
        try {
            return show(reason == null ? actor : actor.withBreakGlass(reason), id, model);
        } catch (ReadRefused refused) {
            return breakGlassForm(model, response, refused, "/patients/" + id + "/break-glass", null, reason);
        }
    }

    /** Break-glass: the typed reason goes with the next read alone, where it is logged, sealed and alerted to the privacy officer. */
    @PostMapping("/patients/{id}/break-glass")
    String breakGlass(Actor actor, @PathVariable UUID id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        actor.require(Screens.PEOPLE);
        return toRecord(id, reason, redirect);
    }

    private static String toRecord(UUID id, String reason, RedirectAttributes redirect) {
        if (reason != null) {
            redirect.addFlashAttribute(GLASS, new Glass(id, reason));
        }
        return "redirect:/patients/" + id;
    }

    /** Refused: why, and the break-glass form; a reason that was typed but said too little comes back beside its field. */
    private static String breakGlassForm(Model model, HttpServletResponse response, ReadRefused refused, String action, String number,
                                         String reason) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        boolean reasonRefused = reason != null;
        model.addAttribute("refused", reasonRefused ? null : refused.getMessage());
        model.addAttribute("reasonError", reasonRefused ? refused.getMessage() : null);
        model.addAttribute("reason", reason);
        model.addAttribute("action", action);
        model.addAttribute("number", number);
        return "break-glass";
    }

    private String show(Actor actor, UUID id, Model model) {
        // The read gate, once for the whole page: the changes are read with the results.
        List<PatientChange> changes = records.changes(actor, id, "cumulative");
        Patient patient = patients.get(id);
        List<CumulativeResults.Series> series = cumulative.forPatient(id);
        Map<String, Column> byAccession = new TreeMap<>();
        series.forEach(s -> s.points().forEach(p -> byAccession.merge(p.accession(), new Column(p.accession(), p.collectedAt(), false),
                (a, b) -> a.collectedAt().isBefore(b.collectedAt()) ? a : b)));
        List<Column> columns = byAccession.values().stream()
                .sorted(Comparator.comparing(Column::collectedAt).thenComparing(Column::accession).reversed()).limit(COLUMNS)
                .map(c -> new Column(c.accession(), c.collectedAt(), reports.released(orders.byAccession(c.accession()).id()))).toList();
        List<Row> rows = series.stream().map(s -> new Row(s.name(), Units.written(s.unit()), columns.stream()
                .map(c -> s.points().stream().filter(p -> p.accession().equals(c.accession())).reduce((a, b) -> b).orElse(null))
                .toList())).toList();
        List<Chart> charts = new ArrayList<>();
        for (CumulativeResults.Series s : series) {
            List<TrendChart.Point> points = s.points().stream().filter(p -> p.numeric() != null)
                    .map(p -> new TrendChart.Point(p.collectedAt(), p.numeric(), p.flag() != null)).toList();
            if (!points.isEmpty()) {
                CumulativeResults.Point latest = s.points().getLast();
                charts.add(new Chart(s.name(), TrendChart.svg("trend-" + s.analyte(), s.name(), Units.written(s.unit()), points,
                        latest.rangeLow(), latest.rangeHigh())));
            }
        }
        model.addAttribute("patient", patient);
        model.addAttribute("columns", columns);
        model.addAttribute("rows", rows);
        model.addAttribute("charts", charts);
        model.addAttribute("breakGlass", actor.breakGlass());
        model.addAttribute("history", PatientRecordChanges.history(id, changes));
        model.addAttribute("mayChange", actor.role() == Actor.Role.LAB_MANAGER && model.getAttribute("merged") == null);
        return "patient";
    }
}
