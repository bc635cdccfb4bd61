package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Interpretation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.LabResult;
import org.pathguard.result.Results;
import org.pathguard.result.Validation;
import org.pathguard.web.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The validation queue: each held result with its flag, reference range, change from the previous
 * result and why it was held; authorise or reject one at a time, or authorise a batch the scientist
 * has ticked as reviewed. Keyboard: j/k move, x select, a authorise, r reject (pathguard.js).
 */
@Controller
class ValidationQueue {

    private static final int SHOWN = 100;

    private final Validation validation;
    private final PatientReads reads;
    private final PatientRegistry patients;
    private final Results results;
    private final Catalogue catalogue;

    ValidationQueue(Validation validation, PatientReads reads, PatientRegistry patients, Results results, Catalogue catalogue) {
        this.results = results;
        this.catalogue = catalogue;
        this.validation = validation;
        this.reads = reads;
        this.patients = patients;
    }

    /** A held result as the queue shows it, with who the patient is (age and sex matter to plausibility). */
    record Row(Validation.HeldResult held, String patient, String ageSex, String range) {
    }

    @GetMapping("/validation")
    String queue(Actor actor, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        // The queue passes every patient in it through the read gate before anything is opened.
        List<Row> rows = validation.queue(actor, SHOWN).stream().map(this::row).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("shown", SHOWN);
        model.addAttribute("canAuthorise", actor.role() == Actor.Role.AUTHORISER);
        return "validation";
    }

    /**
     * A critical, delta-failed or analyser-flagged result is authorised only with {@code confirmed=yes}, which only
     * the confirmation's own tick and button send: the first request (a click or the {@code a} key) asks for it.
     */
    @PostMapping("/validation/{id}/authorisation")
    String authorise(Actor actor, @PathVariable UUID id, @RequestParam(required = false) String comment,
                     @RequestParam(required = false) String confirmed, @RequestParam(required = false) String asked,
                     @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response,
                     Model model, RedirectAttributes redirect) {
        reads.result(actor, id, "result");
        LabResult result = results.byId(id);
        if (needsConfirmation(result) && !"yes".equals(confirmed)) {
            response.setStatus(asked == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_UNPROCESSABLE_CONTENT);
            model.addAttribute("id", id);
            model.addAttribute("confirm", confirmation(result));
            model.addAttribute("error", asked == null ? null : "Tick the box to confirm you have checked this result, or cancel");
            return htmx == null ? queue(actor, model) : "validation :: decision";
        }
        return decide(actor, id, true, comment, htmx, response, model, redirect);
    }

    /** The decision cell as it was, when a confirmation is cancelled. */
    @GetMapping("/validation/{id}/decision")
    String decision(Actor actor, @PathVariable UUID id, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        model.addAttribute("id", id);
        model.addAttribute("canAuthorise", actor.role() == Actor.Role.AUTHORISER);
        return "validation :: decision";
    }

    @PostMapping("/validation/{id}/rejection")
    String reject(Actor actor, @PathVariable UUID id, @RequestParam(required = false) String comment,
                  @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        return decide(actor, id, false, comment, htmx, response, model, redirect);
    }

    /** Authorises the results the authoriser ticked, after they confirm each was reviewed; says which could not be, and why. */
    @PostMapping("/validation/batch")
    String batch(Actor actor, @RequestParam(name = "selected", required = false) List<UUID> selected,
                 @RequestParam(required = false) String reviewed, RedirectAttributes redirect) {
        actor.require(Actor.Role.AUTHORISER);
        if (selected == null || selected.isEmpty()) {
            throw new LabRuleViolation("nothing-selected", "Tick the results to authorise first (x on the keyboard)");
        }
        if (!"yes".equals(reviewed)) {
            throw new LabRuleViolation("not-reviewed", "Confirm that you have reviewed each ticked result before authorising them together");
        }
        int done = 0;
        List<String> refused = new java.util.ArrayList<>();
        for (UUID id : selected) {
            try {
                reads.result(actor, id, "result");
                LabResult result = results.byId(id);
                if (needsConfirmation(result)) {
                    refused.add(confirmation(result) + ": authorise it on its own, with confirmation");
                    continue;
                }
                validation.authorise(actor, id, "Reviewed in a batch of " + selected.size());
                done++;
            } catch (RuntimeException e) {
                refused.add(Refusal.of(e).detail());
            }
        }
        redirect.addFlashAttribute("notice", "Authorised " + done + " result" + (done == 1 ? "" : "s") + "."
                + (refused.isEmpty() ? "" : " Not authorised: " + String.join("; ", refused)));
        return "redirect:/validation";
    }

    private String decide(Actor actor, UUID id, boolean authorise, String comment, String htmx, HttpServletResponse response,
                          Model model, RedirectAttributes redirect) {
        String outcome;
        try {
            reads.result(actor, id, "result");
            LabResult decided = authorise ? validation.authorise(actor, id, blankToNull(comment))
                    : validation.reject(actor, id, blankToNull(comment));
            outcome = (authorise ? "Authorised" : "Rejected") + " (" + decided.status().name().toLowerCase() + ")";
        } catch (RuntimeException e) {
            if (htmx == null) {
                throw e;
            }
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("id", id);
            model.addAttribute("error", refusal.detail());
            return "validation :: decision";
        }
        if (htmx == null) {
            redirect.addFlashAttribute("notice", outcome + ".");
            return "redirect:/validation";
        }
        model.addAttribute("id", id);
        model.addAttribute("outcome", outcome);
        return "validation :: decision";
    }

    private static boolean needsConfirmation(LabResult result) {
        return result.holdReasons().stream().anyMatch(HoldReason::needsConfirmation);
    }

    /** What the person is asked to confirm: the value and why it needs a second look. */
    private String confirmation(LabResult result) {
        var m = result.measurement();
        return catalogue.analyte(result.analyteCode()).name() + " " + m.value() + (m.unit() == null ? "" : " " + m.unit()) + " is "
                + String.join(", ", result.holdReasons().stream().filter(HoldReason::needsConfirmation)
                .map(h -> Wording.of(h).toLowerCase()).toList());
    }

    private Row row(Validation.HeldResult held) {
        var patient = patients.get(held.result().patientId());
        int age = Interpretation.ageInYears(patient.dateOfBirth(), LocalDate.now(LabTime.ZONE));
        var m = held.result().measurement();
        return new Row(held, Wording.name(patient),
                age + " y " + switch (patient.sex()) {
                    case FEMALE -> "F";
                    case MALE -> "M";
                    default -> "";
                }, range(m.rangeLow(), m.rangeHigh()));
    }

    static String range(java.math.BigDecimal low, java.math.BigDecimal high) {
        if (low == null && high == null) {
            return "none";
        }
        return low == null ? "up to " + high.toPlainString() : high == null ? "from " + low.toPlainString()
                : low.toPlainString() + "–" + high.toPlainString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
