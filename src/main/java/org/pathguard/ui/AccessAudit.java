package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.AccessReview;
import org.pathguard.access.Actor;
import org.pathguard.access.AlertOutcome;
import org.pathguard.access.BreakGlassOutcome;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The privacy officer's screens: break-glass reads with their reasons; access alerts (budgets,
 * walking, out of hours, sudden jumps, and notices of administrative acts), open and closed, each
 * noted and closed with an outcome; and who read a patient, found by NHS number sent in the form
 * (never in the address).
 */
@Controller
class AccessAudit {

    private final AccessReview review;
    private final PatientRegistry patients;

    AccessAudit(AccessReview review, PatientRegistry patients) {
        this.review = review;
        this.patients = patients;
    }

    @GetMapping("/audit")
    String audit(Actor actor, @RequestParam(defaultValue = "7") int days, @RequestParam(defaultValue = "OPEN") String show, Model model) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        int period = Math.clamp(days, 1, 365);
        AccessReview.Showing showing = Arrays.stream(AccessReview.Showing.values()).filter(s -> s.name().equalsIgnoreCase(show))
                .findFirst().orElse(AccessReview.Showing.OPEN);
        Instant since = Instant.now().minus(Duration.ofDays(period));
        model.addAttribute("days", period);
        model.addAttribute("show", showing.name());
        model.addAttribute("breakGlass", actor.role() == Actor.Role.AUDITOR ? review.breakGlass(actor, since) : null);
        model.addAttribute("alerts", review.alerts(actor, since, showing));
        return "audit";
    }

    @GetMapping("/audit/alerts/{sequence}")
    String alert(Actor actor, @PathVariable long sequence, Model model) {
        return alertPage(actor, sequence, model);
    }

    /** A note, or with an outcome the alert's closing; then back to the alert (a reload does not note it twice). */
    @PostMapping("/audit/alerts/{sequence}/notes")
    String note(Actor actor, @PathVariable long sequence, @RequestParam(defaultValue = "") String note,
                @RequestParam(defaultValue = "") String outcome, HttpServletResponse response, Model model) {
        try {
            AlertOutcome closing = outcome.isBlank() || outcome.equals("OPEN") ? null : Arrays.stream(AlertOutcome.values())
                    .filter(o -> o.name().equals(outcome)).findFirst()
                    .orElseThrow(() -> new LabRuleViolation("invalid-outcome", "Choose whether the alert stays open or how it ends"));
            review.review(actor, sequence, note, closing);
            return "redirect:/audit/alerts/" + sequence;
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("fieldError", refusal.detail());
            model.addAttribute("errorField", refusal.code().equals("invalid-outcome") ? "outcome" : "note");
            model.addAttribute("typedNote", note);
            model.addAttribute("typedOutcome", outcome);
            return alertPage(actor, sequence, model);
        }
    }

    @GetMapping("/audit/break-glass/{sequence}")
    String breakGlassRead(Actor actor, @PathVariable long sequence, Model model) {
        return breakGlassPage(actor, sequence, model);
    }

    /** The privacy officer's finding on a break-glass read; then back to the read (a reload does not record it twice). */
    @PostMapping("/audit/break-glass/{sequence}/review")
    String reviewBreakGlass(Actor actor, @PathVariable long sequence, @RequestParam(defaultValue = "") String outcome,
                            @RequestParam(defaultValue = "") String note, HttpServletResponse response, Model model) {
        try {
            review.reviewBreakGlass(actor, sequence, outcome, note);
            return "redirect:/audit/break-glass/" + sequence;
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("fieldError", refusal.detail());
            model.addAttribute("errorField", refusal.code().equals("outcome-required") ? "outcome" : "note");
            model.addAttribute("typedNote", note);
            model.addAttribute("typedOutcome", outcome);
            return breakGlassPage(actor, sequence, model);
        }
    }

    @GetMapping("/audit/patient-reads")
    String readsForm(Actor actor, Model model) {
        actor.require(Actor.Role.AUDITOR);
        return "audit-reads";
    }

    /**
     * Who read a patient, by NHS number in the form body. Audit work: the patient's record is not opened (nothing
     * clinical is decrypted, no read budget is spent), but the look-up is recorded, found or not.
     */
    @PostMapping("/audit/patient-reads")
    String reads(Actor actor, @RequestParam(defaultValue = "") String nhsNumber, HttpServletResponse response, Model model) {
        actor.require(Actor.Role.AUDITOR);
        model.addAttribute("typedNhsNumber", nhsNumber);
        try {
            NhsNumber nhs = NhsNumber.parse(nhsNumber);
            Optional<UUID> patient = patients.findIdByNhsNumber(nhs);
            if (patient.isEmpty()) {
                review.nobodyFound(actor);
                model.addAttribute("nobody", true);
                return "audit-reads";
            }
            model.addAttribute("patientId", patient.get());
            model.addAttribute("reads", review.readsOf(actor, patient.get()));
            model.addAttribute("lookups", review.lookupsOf(actor, patient.get()));
        } catch (RuntimeException e) {
            model.addAttribute("fieldError", Screens.refusal(e, response).detail());
        }
        return "audit-reads";
    }

    private String breakGlassPage(Actor actor, long sequence, Model model) {
        List<AccessReview.BreakGlassRead> rows = review.breakGlassRead(actor, sequence);
        AccessReview.BreakGlassRead read = rows.getFirst();
        model.addAttribute("read", read);
        model.addAttribute("rows", rows);
        model.addAttribute("outcomes", BreakGlassOutcome.values());
        model.addAttribute("canReview", !read.reviewed() && !read.principal().equals(actor.name()));
        return "audit-break-glass";
    }

    private String alertPage(Actor actor, long sequence, Model model) {
        AccessReview.Alert alert = review.alert(actor, sequence);
        model.addAttribute("alert", alert);
        model.addAttribute("notes", review.notes(actor, sequence));
        model.addAttribute("outcomes", alert.notice() ? AlertOutcome.values()
                : Arrays.stream(AlertOutcome.values()).filter(o -> o != AlertOutcome.NOTED).toArray(AlertOutcome[]::new));
        model.addAttribute("canReview", actor.role() == Actor.Role.AUDITOR && alert.open() && !alert.principal().equals(actor.name()));
        return "audit-alert";
    }
}
