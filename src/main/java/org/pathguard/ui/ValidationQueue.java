package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Interpretation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.qc.QcFailure;
import org.pathguard.qc.QualityControl;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultStatus;
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
import org.springframework.web.util.UriComponentsBuilder;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The validation queue: each held result with its flag, reference range, change from the previous
 * result and why it was held; authorise or reject one at a time, or authorise a batch the scientist
 * has ticked as reviewed. A page at a time, filtered by department, test, priority, hold reason or
 * critical value, so every held result can be reached; the whole specimen opens beside a result.
 * Keyboard: j/k move, x select, a authorise, r reject (pathguard.js).
 */
@Controller
class ValidationQueue {


    private final Validation validation;
    private final PatientReads reads;
    private final PatientRegistry patients;
    private final Results results;
    private final Catalogue catalogue;
    private final OrderDesk orders;
    private final QualityControl qc;

    ValidationQueue(Validation validation, PatientReads reads, PatientRegistry patients, Results results, Catalogue catalogue,
                    OrderDesk orders, QualityControl qc) {
        this.orders = orders;
        this.qc = qc;
        this.results = results;
        this.catalogue = catalogue;
        this.validation = validation;
        this.reads = reads;
        this.patients = patients;
    }

    /**
     * A held result as the queue shows it, with who the patient is (age and sex matter to plausibility) and, when it is
     * held for QC and its analyser is still out of control for the analyte, the failure that keeps it from release.
     */
    record Row(Validation.HeldResult held, String patient, String ageSex, String range, QcFailure qcFailure) {
    }

    /** The filters as typed into the address or chosen in the form, kept as given so the form shows them again. */
    record Filters(String department, String test, String priority, String reason, String critical, String mine) {

        /** The address of page {@code page} with these filters. */
        String page(int page) {
            var uri = UriComponentsBuilder.fromPath("/validation");
            if (department != null) uri.queryParam("department", department);
            if (test != null) uri.queryParam("test", test);
            if (priority != null) uri.queryParam("priority", priority);
            if (reason != null) uri.queryParam("reason", reason);
            if (critical != null) uri.queryParam("critical", critical);
            if (mine != null) uri.queryParam("mine", mine);
            if (page > 1) uri.queryParam("page", page);
            return uri.encode().build().toUriString();
        }

        boolean any() {
            return department != null || test != null || priority != null || reason != null || critical != null || mine != null;
        }
    }

    @GetMapping("/validation")
    String queue(Actor actor, @RequestParam(required = false) String department, @RequestParam(required = false) String test,
                 @RequestParam(required = false) String priority, @RequestParam(required = false) String reason,
                 @RequestParam(required = false) String critical, @RequestParam(required = false) String mine,
                 @RequestParam(required = false) String page, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        Filters filters = new Filters(blankToNull(department), blankToNull(test), blankToNull(priority), blankToNull(reason),
                blankToNull(critical), blankToNull(mine));
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> departments = validation.departments();
        if (filters.department() != null && !departments.contains(filters.department())) {
            errors.put("department", "There is no department called \"" + filters.department() + "\"; choose one from the list");
        }
        if (filters.test() != null && catalogue.tests().stream().noneMatch(t -> t.code().equals(filters.test()))) {
            errors.put("test", "There is no test with code \"" + filters.test() + "\"; choose one from the list");
        }
        Priority chosenPriority = parse(Priority.class, filters.priority(), "priority", errors);
        HoldReason chosenReason = parse(HoldReason.class, filters.reason(), "reason", errors);
        var filter = new Validation.QueueFilter(errors.containsKey("department") ? null : filters.department(),
                errors.containsKey("test") ? null : filters.test(), chosenPriority, chosenReason,
                filters.critical() != null, filters.mine() != null);
        int asked = Pages.number(page);
        // Only the patients on the page shown pass the read gate; the rest are counted, not opened.
        Validation.QueuePage held = validation.queue(actor, filter, Pages.offset(asked), Pages.SIZE);
        Pages pages = Pages.of(asked, held.total());
        if (pages.page() != asked) {
            held = validation.queue(actor, filter, Pages.offset(pages.page()), Pages.SIZE);
        }
        model.addAttribute("rows", held.results().stream().map(this::row).toList());
        model.addAttribute("total", held.total());
        model.addAttribute("heldInAll", held.heldInAll());
        model.addAttribute("from", held.offset() + 1);
        model.addAttribute("to", held.offset() + held.results().size());
        pages.show(model, filters::page);
        model.addAttribute("filters", filters);
        model.addAttribute("filtered", filters.any());
        model.addAttribute("errors", errors);
        model.addAttribute("departments", departments);
        model.addAttribute("tests", catalogue.tests().stream().sorted(Comparator.comparing(LabTest::department).thenComparing(LabTest::name)).toList());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("reasons", HoldReason.values());
        model.addAttribute("returnTo", filters.page(pages.page()));
        canAuthorise(actor, model);
        return "validation";
    }

    /** The whole specimen beside a held result: opened under its row by htmx, or as a page of its own without script. */
    @GetMapping("/validation/{id}/panel")
    String panel(Actor actor, @PathVariable UUID id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Validation.Panel panel = validation.panel(actor, id);
        model.addAttribute("panel", panel);
        model.addAttribute("addOn", addOn(panel, null, null, null));
        canAuthorise(actor, model);
        return htmx == null ? "validation-panel" : "validation :: panel";
    }

    /**
     * The add-on form under the whole specimen: the tests still waiting for a result on this specimen (an added one
     * among them), and the tests that could be added to it, with an error beside the choice and what was chosen kept.
     */
    record AddOnForm(String accession, List<LabTest> waiting, List<LabTest> addable, String test, String reason, String error,
                     String added) {
    }

    private AddOnForm addOn(Validation.Panel panel, String test, String reason, String error) {
        LabOrder order = orders.byId(panel.held().orderId());
        String specimenType = catalogue.test(panel.held().testCode()).specimenType();
        java.util.Set<String> resulted = new java.util.HashSet<>(panel.lines().stream().map(l -> l.now().testCode()).toList());
        List<LabTest> waiting = order.tests().stream().map(catalogue::test)
                .filter(t -> t.specimenType().equals(specimenType) && !resulted.contains(t.code())).toList();
        List<LabTest> addable = orders.addableTests(order).stream().filter(t -> t.specimenType().equals(specimenType)).toList();
        return new AddOnForm(order.accession(), waiting, addable, test, reason, error, null);
    }

    /** Adds a test to the held result's order, on the specimen already in the lab; the panel comes back showing it. */
    @PostMapping("/validation/{id}/add-on")
    String addTest(Actor actor, @PathVariable UUID id, @RequestParam(required = false) String test,
                   @RequestParam(required = false) String reason, @RequestHeader(name = "HX-Request", required = false) String htmx,
                   HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Validation.Panel panel = validation.panel(actor, id);
        String added;
        try {
            added = catalogue.test(orders.addTest(actor, orders.byId(panel.held().orderId()).accession(), test, reason).testCode()).name();
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("panel", panel);
            model.addAttribute("addOn", addOn(panel, blankToNull(test), reason, refusal.detail()));
            canAuthorise(actor, model);
            return htmx == null ? "validation-panel" : "validation :: panelTable";
        }
        if (htmx == null) {
            redirect.addFlashAttribute("notice", added + " added to this specimen.");
            return "redirect:/validation/" + id + "/panel";
        }
        AddOnForm form = addOn(panel, null, null, null);
        model.addAttribute("panel", panel);
        model.addAttribute("addOn", new AddOnForm(form.accession(), form.waiting(), form.addable(), null, null, null, added));
        canAuthorise(actor, model);
        return "validation :: panelTable";
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
        // Someone the policy does not let authorise this result is told so at once, not asked to confirm first; so is
        // anyone authorising a result whose analyser is still out of control for it (confirming would change nothing).
        if (result.needsConfirmation() && validation.mayAuthorise(actor, result) && qcFailure(result) == null && !"yes".equals(confirmed)) {
            response.setStatus(asked == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_UNPROCESSABLE_CONTENT);
            model.addAttribute("id", id);
            model.addAttribute("confirm", confirmation(result));
            model.addAttribute("error", asked == null ? null : "Tick the box to confirm you have checked this result, or cancel");
            if (htmx == null) {
                return queue(actor, null, null, null, null, null, null, null, model);
            }
            return "validation :: decision";
        }
        return decide(actor, id, true, comment, htmx, response, model, redirect);
    }

    /** The decision cell as it was, when a confirmation is cancelled. */
    @GetMapping("/validation/{id}/decision")
    String decision(Actor actor, @PathVariable UUID id, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        reads.result(actor, id, "result");
        model.addAttribute("id", id);
        model.addAttribute("mayAuthorise", validation.mayAuthorise(actor, results.byId(id)));
        return "validation :: decision";
    }

    @PostMapping("/validation/{id}/rejection")
    String reject(Actor actor, @PathVariable UUID id, @RequestParam(required = false) String comment,
                  @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        return decide(actor, id, false, comment, htmx, response, model, redirect);
    }

    /**
     * Authorises the results ticked, after the person confirms each was reviewed; says which could not be, and why
     * (one needing confirmation, or one the authorisation policy keeps from their role).
     */
    @PostMapping("/validation/batch")
    String batch(Actor actor, @RequestParam(name = "selected", required = false) List<UUID> selected,
                 @RequestParam(required = false) String reviewed, @RequestParam(required = false) String returnTo,
                 RedirectAttributes redirect) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        String back = returnTo != null && SAME_QUEUE.matcher(returnTo).matches() ? returnTo : "/validation";
        if (selected == null || selected.isEmpty() || !"yes".equals(reviewed)) {
            // Back to the same page with the ticks kept and the reason beside the box: never a dead end that loses them.
            redirect.addFlashAttribute("batchError", selected == null || selected.isEmpty()
                    ? "Tick the results to authorise first (x on the keyboard)"
                    : "Tick this box to confirm you have reviewed each ticked result and its history, then authorise again");
            redirect.addFlashAttribute("ticked", selected == null ? List.of() : selected);
            return "redirect:" + back;
        }
        int done = 0;
        List<String> refused = new java.util.ArrayList<>();
        for (UUID id : selected) {
            try {
                reads.result(actor, id, "result");
                LabResult result = results.byId(id);
                if (result.needsConfirmation()) {
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
        return "redirect:" + back;
    }

    /** Back to the queue page the batch came from, and never anywhere else. */
    private static final Pattern SAME_QUEUE = Pattern.compile("/validation(\\?[A-Za-z0-9=&%+._-]*)?");

    private String decide(Actor actor, UUID id, boolean authorise, String comment, String htmx, HttpServletResponse response,
                          Model model, RedirectAttributes redirect) {
        String outcome;
        try {
            reads.result(actor, id, "result");
            LabResult decided = authorise ? validation.authorise(actor, id, blankToNull(comment))
                    : validation.reject(actor, id, blankToNull(comment));
            outcome = decided.status() == ResultStatus.FINAL ? "Authorised as final" : "Rejected: repeat requested";
        } catch (RuntimeException e) {
            if (htmx == null) {
                throw e;
            }
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("id", id);
            model.addAttribute("error", refusal.detail());
            model.addAttribute("comment", comment);
            model.addAttribute("mayAuthorise", mayAuthorise(actor, id));
            return "validation :: decision";
        }
        if (htmx == null) {
            redirect.addFlashAttribute("notice", outcome + ".");
            return "redirect:/validation";
        }
        model.addAttribute("id", id);
        model.addAttribute("outcome", outcome);
        model.addAttribute("rejected", !authorise);
        return "validation :: decision";
    }

    private boolean mayAuthorise(Actor actor, UUID id) {
        try {
            return validation.mayAuthorise(actor, results.byId(id));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the signed-in role authorises anything (the batch and the a key), and what, for the hint. */
    private void canAuthorise(Actor actor, Model model) {
        model.addAttribute("canAuthorise", validation.policy().authorisesAnything(actor.role()));
        model.addAttribute("mayAuthoriseWhat", validation.policy().scope(actor.role()));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String given, String field, Map<String, String> errors) {
        if (given == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, given);
        } catch (IllegalArgumentException e) {
            errors.put(field, "\"" + given + "\" is not one of the choices; choose one from the list");
            return null;
        }
    }

    /** What the person is asked to confirm: the value and why it needs a second look. */
    private String confirmation(LabResult result) {
        var m = result.measurement();
        return catalogue.analyte(result.analyteCode()).name() + " " + m.value() + (m.unit() == null ? "" : " " + m.unit()) + " is "
                + String.join(", ", result.holdReasons().stream().filter(HoldReason::needsConfirmation)
                .map(h -> switch (h) {
                    case QC -> "held after a QC failure";
                    case PAST_STABILITY -> "from a tube taken longer ago than its stability (authorise only if still safe to report; "
                            + "otherwise reject it for a re-bleed)";
                    default -> Wording.of(h).toLowerCase();
                }).toList());
    }

    /** The open QC failure that keeps this result from release, if it is held for QC and still out of control. */
    private QcFailure qcFailure(LabResult result) {
        return result.holdReasons().contains(HoldReason.QC) && result.analyser() != null
                ? qc.openFailure(result.analyser(), result.analyteCode()).orElse(null) : null;
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
                }, range(m.rangeLow(), m.rangeHigh()), qcFailure(held.result()));
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
