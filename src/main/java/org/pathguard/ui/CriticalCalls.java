package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.CallOutcome;
import org.pathguard.result.CriticalResults;
import org.pathguard.result.LabResult;
import org.pathguard.result.RequesterContact;
import org.pathguard.result.Results;
import org.pathguard.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Critical results: a compact table of the open alerts (overdue ones marked for the duty biochemist), and per
 * alert the number to ring, the calls that reached no one, and the call that closes it: who was told (name and
 * role), when, and that they read the value back. The lab manager keeps the contact directory.
 */
@Controller
class CriticalCalls {

    private final CriticalResults criticals;
    private final PatientReads reads;
    private final OrderDesk orders;
    private final Results results;
    private final PatientRegistry patients;
    private final Catalogue catalogue;

    CriticalCalls(CriticalResults criticals, PatientReads reads, OrderDesk orders, Results results, PatientRegistry patients,
                  Catalogue catalogue) {
        this.criticals = criticals;
        this.reads = reads;
        this.orders = orders;
        this.results = results;
        this.patients = patients;
        this.catalogue = catalogue;
    }

    record OpenAlert(CriticalResults.Alert alert, Patient patient, String analyte, LabResult result, RequesterContact contact,
                     int attempts) {
    }

    @GetMapping("/critical")
    String page(Actor actor, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        List<CriticalResults.Alert> open = criticals.list(true);
        // The gate for every patient on the page before any value is decrypted.
        reads.patients(actor, open.stream().map(a -> orders.byId(a.orderId()).patientId()).distinct().toList(), "critical-results");
        Map<String, RequesterContact> contacts = criticals.contacts().stream()
                .collect(Collectors.toMap(RequesterContact::requesterOds, Function.identity()));
        Map<UUID, Integer> attempts = criticals.openAttemptCounts();
        List<OpenAlert> rows = open.stream().map(a -> openAlert(a, contacts.get(a.requesterOds()), attempts.getOrDefault(a.id(), 0)))
                .toList();
        model.addAttribute("open", rows);
        model.addAttribute("overdue", rows.stream().filter(o -> o.alert().overdue()).count());
        model.addAttribute("deadline", criticals.deadline());
        model.addAttribute("phoned", criticals.phonedSince(Instant.now().minus(Duration.ofHours(24))));
        return "critical";
    }

    @GetMapping("/critical/{id}")
    String alert(Actor actor, @PathVariable UUID id, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        CriticalResults.Alert alert = criticals.get(id);
        reads.result(actor, alert.resultId(), "critical-results");
        return alertPage(model, alert, Map.of(), Map.of());
    }

    @PostMapping("/critical/{id}/call")
    String recordCall(Actor actor, @PathVariable UUID id, @RequestParam(defaultValue = "") String toldName,
                      @RequestParam(defaultValue = "") String toldRole, @RequestParam(required = false) LocalDateTime toldAt,
                      @RequestParam(required = false) String readBack, HttpServletResponse response, Model model,
                      RedirectAttributes redirect) {
        CriticalResults.Alert alert = criticals.get(id);
        reads.result(actor, alert.resultId(), "critical-results");
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("toldName", toldName);
        typed.put("toldRole", toldRole);
        typed.put("toldAt", toldAt == null ? "" : toldAt.toString());
        typed.put("readBack", readBack == null ? "" : readBack);
        // Every field is judged so that each error stands beside its field at once, not one per attempt.
        Map<String, String> errors = new LinkedHashMap<>();
        check(errors, "toldName", () -> FreeText.line("Name of the person told", toldName));
        check(errors, "toldRole", () -> FreeText.line("Role of the person told", toldRole));
        if (!"yes".equals(readBack)) {
            errors.put("readBack", "Ask them to read the value back, and tick this when they have read it back correctly");
        }
        Instant at = toldAt == null ? null : toldAt.atZone(LabTime.ZONE).toInstant();
        if (errors.isEmpty()) {
            try {
                CriticalResults.Alert phoned = criticals.recordCall(actor, id, toldName, toldRole, at, true);
                redirect.addFlashAttribute("notice", "Call recorded for " + phoned.accession() + ": told " + phoned.toldWhom() + ".");
                return "redirect:/critical";
            } catch (LabRuleViolation wrong) {
                errors.put(wrong.code().startsWith("told-") ? "toldAt" : "summary", inWords(wrong));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("typed", typed);
        return alertPage(model, alert, errors, typed);
    }

    @PostMapping("/critical/{id}/attempts")
    String recordAttempt(Actor actor, @PathVariable UUID id, @RequestParam(required = false) CallOutcome outcome,
                         @RequestParam(defaultValue = "") String called, @RequestParam(defaultValue = "") String note,
                         HttpServletResponse response, Model model, RedirectAttributes redirect) {
        CriticalResults.Alert alert = criticals.get(id);
        reads.result(actor, alert.resultId(), "critical-results");
        try {
            CriticalResults.Attempt attempt = criticals.recordAttempt(actor, id, outcome, called, note);
            redirect.addFlashAttribute("notice", "Recorded: " + attempt.outcome().words() + " (" + attempt.called() + ").");
            return "redirect:/critical/" + id;
        } catch (LabRuleViolation wrong) {
            response.setStatus(Refusal.of(wrong).status().value());
            Map<String, String> typed = new LinkedHashMap<>();
            typed.put("outcome", outcome == null ? "" : outcome.name());
            typed.put("called", called);
            typed.put("note", note);
            String field = switch (wrong.code()) {
                case "missing-outcome" -> "outcome";
                default -> wrong.getMessage().startsWith("Note") ? "note" : "called";
            };
            return alertPage(model, alert, Map.of(field, wrong.getMessage()), typed);
        }
    }

    @GetMapping("/critical/contacts")
    String contacts(Actor actor, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        return contactsPage(actor, model, Map.of(), Map.of());
    }

    @PostMapping("/critical/contacts")
    String setContact(Actor actor, @RequestParam(defaultValue = "") String requesterOds, @RequestParam(defaultValue = "") String name,
                      @RequestParam(defaultValue = "") String phone, @RequestParam(defaultValue = "") String bleep,
                      @RequestParam(defaultValue = "") String setting,
                      HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.LAB_MANAGER);
        Map<String, String> typed = Map.of("requesterOds", requesterOds, "name", name, "phone", phone, "bleep", bleep, "setting", setting);
        RequesterSetting where;
        try {
            where = setting.isBlank() ? null : RequesterSetting.valueOf(setting);
        } catch (IllegalArgumentException notOne) {
            response.setStatus(422);
            return contactsPage(actor, model, Map.of("setting", "Choose the requester's setting from the list, or leave it not recorded"), typed);
        }
        try {
            RequesterContact set = criticals.setContact(actor, requesterOds, name, phone, bleep, where);
            redirect.addFlashAttribute("notice", "Contact for " + set.requesterOds() + " set: " + set.name() + ".");
            return "redirect:/critical/contacts";
        } catch (LabRuleViolation wrong) {
            response.setStatus(Refusal.of(wrong).status().value());
            String field = switch (wrong.code()) {
                case "invalid-ods-code", "missing-ods-code" -> "requesterOds";
                case "invalid-phone", "missing-phone" -> "phone";
                case "invalid-bleep" -> "bleep";
                default -> "name";
            };
            String words = field.equals("requesterOds")
                    ? "ODS code must be 3 to 6 letters or digits, such as G85001 for a practice or RJ122 for a hospital site"
                    : wrong.getMessage();
            return contactsPage(actor, model, Map.of(field, words), typed);
        }
    }

    private String contactsPage(Actor actor, Model model, Map<String, String> errors, Map<String, String> typed) {
        model.addAttribute("contacts", criticals.contacts());
        model.addAttribute("mayEdit", actor.role() == Actor.Role.LAB_MANAGER);
        model.addAttribute("settings", RequesterSetting.values());
        model.addAttribute("errors", errors);
        model.addAttribute("typed", typed);
        return "critical-contacts";
    }

    private String alertPage(Model model, CriticalResults.Alert alert, Map<String, String> errors, Map<String, String> typed) {
        model.addAttribute("o", openAlert(alert, criticals.contactFor(alert.requesterOds()).orElse(null), 0));
        model.addAttribute("attempts", criticals.attempts(alert.id()));
        model.addAttribute("outcomes", CallOutcome.values());
        model.addAttribute("deadline", criticals.deadline());
        model.addAttribute("errors", errors);
        model.addAttribute("typed", typed);
        model.addAttribute("now", LocalDateTime.now(LabTime.ZONE).withSecond(0).withNano(0));
        return "critical-call";
    }

    private OpenAlert openAlert(CriticalResults.Alert a, RequesterContact contact, int attempts) {
        LabResult r = results.byId(a.resultId());
        return new OpenAlert(a, patients.get(r.patientId()), catalogue.analyte(r.analyteCode()).name(), r, contact, attempts);
    }

    private static void check(Map<String, String> errors, String field, Runnable rule) {
        try {
            rule.run();
        } catch (LabRuleViolation wrong) {
            errors.put(field, wrong.getMessage());
        }
    }

    /** The domain's refusals of the call's time, said for the person at the bench. */
    private static String inWords(LabRuleViolation wrong) {
        return switch (wrong.code()) {
            case "told-in-future" -> "The time of the call is later than now: enter the time the call was made (UK time)";
            case "told-before-alert" -> "The time of the call is before the critical result was raised: check the date and time";
            default -> wrong.getMessage();
        };
    }
}
