package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Barcode;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultSubmission;
import org.pathguard.result.Worklists;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Result entry for tests read at the bench (blood grouping and the like): the specimens waiting,
 * then one form per specimen with a field per analyte. Entered results go through the same checks,
 * autoverification and holds as an analyser's.
 */
@Controller
class ResultEntry {

    private final Worklists worklists;
    private final PatientReads reads;
    private final SpecimenView.Loader specimens;
    private final ResultDesk desk;
    private final Catalogue catalogue;

    ResultEntry(Worklists worklists, PatientReads reads, SpecimenView.Loader specimens, ResultDesk desk, Catalogue catalogue) {
        this.worklists = worklists;
        this.reads = reads;
        this.specimens = specimens;
        this.desk = desk;
        this.catalogue = catalogue;
    }

    @GetMapping("/results/entry")
    String page(Actor actor, @RequestParam(required = false) String barcode, HttpServletResponse response, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        if (barcode != null && !barcode.isBlank()) {
            try {
                String code = Barcode.scanned(barcode);
                reads.specimen(actor, code, "result-entry");
                SpecimenView view = specimens.load(code);
                model.addAttribute("view", view);
                model.addAttribute("analytes", manualAnalytes(view));
            } catch (RuntimeException e) {
                // Said beside the field, with what was typed kept to correct.
                model.addAttribute("barcodeError", Screens.refusal(e, response).detail());
                model.addAttribute("typedBarcode", barcode.strip());
            }
        }
        addShared(actor, model);
        return "result-entry";
    }

    @PostMapping("/results/entry/{barcode}")
    String enter(Actor actor, @PathVariable String barcode, @RequestParam Map<String, String> form, HttpServletResponse response,
                 Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        reads.specimen(actor, barcode, "result-entry");
        SpecimenView view = specimens.load(barcode);
        List<Analyte> analytes = manualAnalytes(view);
        List<ResultSubmission.Item> items = analytes.stream()
                .filter(a -> form.getOrDefault("value-" + a.code(), "").strip().length() > 0)
                .map(a -> new ResultSubmission.Item(a.code(), form.get("value-" + a.code()).strip(), a.unit(), null)).toList();
        // Each value is judged first so that its error stands beside its own field; the desk judges them again on recording.
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        for (ResultSubmission.Item item : items) {
            try {
                ResultDesk.parse(catalogue.analyte(item.analyte()), item);
            } catch (LabRuleViolation wrong) {
                fieldErrors.put(item.analyte(), wrong.getMessage());
            }
        }
        try {
            if (!fieldErrors.isEmpty()) {
                throw new LabRuleViolation("invalid-value", "Correct the values marked below; nothing was recorded");
            }
            List<LabResult> recorded = desk.record(actor, new ResultSubmission(barcode, List.of(), items));
            model.addAttribute("recorded", recorded);
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("error", refusal.detail());
            model.addAttribute("typed", form);
        }
        model.addAttribute("fieldErrors", fieldErrors);
        model.addAttribute("view", view);
        model.addAttribute("analytes", analytes);
        addShared(actor, model);
        return "result-entry";
    }

    private void addShared(Actor actor, Model model) {
        model.addAttribute("waiting", worklists.awaitingEntry(actor));
        model.addAttribute("longestBarcode", Barcode.LONGEST);
        model.addAttribute("longestText", ResultDesk.MAX_TEXT_RESULT);
        if (!model.containsAttribute("fieldErrors")) {
            model.addAttribute("fieldErrors", Map.of());
        }
    }

    private List<Analyte> manualAnalytes(SpecimenView view) {
        Set<String> codes = new LinkedHashSet<>();
        view.tests().stream().filter(LabTest::manualEntry).forEach(t -> codes.addAll(t.analytes()));
        return codes.stream().map(catalogue::analyte).toList();
    }
}
