package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.qc.LookBack;
import org.pathguard.qc.LookBackOutcome;
import org.pathguard.qc.QcFailure;
import org.pathguard.qc.QualityControl;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.UUID;

/**
 * A QC failure and its look-back: the rule, the run, when, how many patient results it holds, and every result
 * released before it was found, each confirmed or recalled by a scientist with a note. Listing the look-back passes
 * the read gate for its patients (LookBack.list), so opening this page is accounted for like any patient read.
 */
@Controller
class QcLookBack {

    private final QualityControl qc;
    private final LookBack lookBack;
    private final Catalogue catalogue;

    QcLookBack(QualityControl qc, LookBack lookBack, Catalogue catalogue) {
        this.qc = qc;
        this.lookBack = lookBack;
        this.catalogue = catalogue;
    }

    /** A review refused: which result, why, and the note as typed. */
    record RowError(UUID resultId, String outcome, String note, String error) {
    }

    @GetMapping("/qc/failures/{id}")
    String failure(Actor actor, @PathVariable UUID id, Model model) {
        QcBoard.labStaff(actor);
        return page(actor, id, null, model);
    }

    @PostMapping("/qc/failures/{id}/look-back/{resultId}")
    String review(Actor actor, @PathVariable UUID id, @PathVariable UUID resultId, @RequestParam(required = false) String outcome,
                  @RequestParam(required = false) String note, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        LookBackOutcome chosen = "CONFIRMED".equals(outcome) ? LookBackOutcome.CONFIRMED : "RECALLED".equals(outcome) ? LookBackOutcome.RECALLED : null;
        String error = chosen == null ? "Choose Confirm or Recall for this result"
                : note == null || note.isBlank() ? "Write a note: what you checked, and for a recall whom you told" : null;
        if (error != null) {
            response.setStatus(HttpServletResponse.SC_UNPROCESSABLE_CONTENT);
            return page(actor, id, new RowError(resultId, outcome, note, error), model);
        }
        try {
            LookBack.Entry reviewed = lookBack.review(actor, id, resultId, chosen, note);
            redirect.addFlashAttribute("notice", reviewed.result().accession() + " " + reviewed.result().testCode() + " "
                    + (chosen == LookBackOutcome.CONFIRMED ? "confirmed" : "recalled: amend or repeat it and tell the requester") + ".");
            return "redirect:/qc/failures/" + id + "#result-" + resultId;
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            if (refusal.status().is4xxClientError() && refusal.status().value() != 404 && refusal.status().value() != 403) {
                return page(actor, id, new RowError(resultId, outcome, note, refusal.detail()), model);
            }
            throw e;
        }
    }

    private String page(Actor actor, UUID id, RowError rowError, Model model) {
        LookBack.Listing listing = lookBack.list(actor, id);
        QcFailure failure = listing.failure();
        model.addAttribute("failure", failure);
        model.addAttribute("run", qc.run(failure.runId()));
        model.addAttribute("analyteName", catalogue.findAnalyte(failure.analyte()).map(a -> a.name()).orElse(failure.analyte()));
        model.addAttribute("held", qc.heldResults(failure.analyser(), failure.analyte()));
        model.addAttribute("listing", listing);
        model.addAttribute("reviews", actor.role() == Actor.Role.SCIENTIST || actor.role() == Actor.Role.AUTHORISER);
        model.addAttribute("rowError", rowError);
        return "qc-failure";
    }
}
