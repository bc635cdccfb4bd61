package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.NotFound;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.network.Dispatches;
import org.pathguard.network.Referral;
import org.pathguard.network.ReferralState;
import org.pathguard.network.Referrals;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
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
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Referring tests to partner labs and following them: the "Referred out" worklist (every open referral with its
 * age, overdue ones first and in red, refused ones with the partner's reason and what to do), referring one test of
 * an order or every outstanding test of a kind to a partner, and cancelling a referral with a reason. Past a
 * partner's agreed capacity the refusal says so, and a lab manager may override it with a reason.
 */
@Controller
class Referring {

    private final Referrals referrals;
    private final Agreements agreements;
    private final OrderDesk orders;
    private final Catalogue catalogue;
    private final Dispatches dispatches;
    private final InstantSource clock;

    Referring(Referrals referrals, Agreements agreements, OrderDesk orders, Catalogue catalogue, Dispatches dispatches,
              InstantSource clock) {
        this.clock = clock;
        this.dispatches = dispatches;
        this.referrals = referrals;
        this.agreements = agreements;
        this.orders = orders;
        this.catalogue = catalogue;
    }

    /** "All outstanding TEST to PARTNER", as typed. */
    record BatchForm(String test, String partner, String capacityOverride) {
    }

    /** One test of one order to a partner, as typed. */
    record ReferForm(String accession, String test, String partner, String capacityOverride) {
    }


    @GetMapping("/referrals")
    String worklist(Actor actor, @RequestParam(required = false) String partner, @RequestParam(required = false) String state,
                    @RequestParam(required = false) String overdue, @RequestParam(required = false) String page, Model model) {
        return worklist(actor, new Filters(blankToNull(partner), blankToNull(state), blankToNull(overdue)), Pages.number(page),
                new BatchForm(null, null, null), Map.of(), model);
    }

    /** The worklist's filters as given in the address, kept so the form and the page links show them again. */
    record Filters(String partner, String state, String overdue) {

        static final Filters NONE = new Filters(null, null, null);

        static Filters partner(String partner) {
            return new Filters(blankToNull(partner), null, null);
        }

        /** The address of page {@code page} with these filters. */
        String page(int page) {
            var uri = UriComponentsBuilder.fromPath("/referrals");
            if (partner != null) uri.queryParam("partner", partner);
            if (state != null) uri.queryParam("state", state);
            if (overdue != null) uri.queryParam("overdue", overdue);
            if (page > 1) uri.queryParam("page", page);
            return uri.encode().build().toUriString();
        }

        boolean any() {
            return partner != null || state != null || overdue != null;
        }
    }

    @PostMapping("/referrals/batch")
    String referAll(Actor actor, @ModelAttribute BatchForm form, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        Map<String, String> errors = new LinkedHashMap<>();
        if (blank(form.test())) {
            errors.put("batchTest", "Choose the test to refer");
        }
        if (blank(form.partner())) {
            errors.put("batchPartner", "Choose the partner lab to refer it to");
        }
        if (errors.isEmpty()) {
            try {
                List<Referral> made = referrals.referAll(actor, form.test(), form.partner(), blankToNull(form.capacityOverride()));
                redirect.addFlashAttribute("notice", made.size() + " outstanding " + testName(form.test()) + " referred to "
                        + partnerName(actor, form.partner()) + ".");
                return "redirect:/referrals";
            } catch (RuntimeException e) {
                Refusal refusal = Screens.refusal(e, response);
                errors.put("batch" + capitalised(fieldOf(refusal, e)), refusal.detail());
            }
        } else {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return worklist(actor, Filters.NONE, 1, form, errors, model);
    }

    /** The ticked referrals into one box for a partner; the manifest to print is the next page. */
    @PostMapping("/referrals/dispatches")
    String pack(Actor actor, @RequestParam(required = false) String partner, @RequestParam(name = "referrals", required = false) List<String> ticked,
                HttpServletResponse response, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        List<UUID> ids = new ArrayList<>();
        for (String id : ticked == null ? List.<String>of() : ticked) {
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException notAnId) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                model.addAttribute("packError", "The box listed something that is not a referral; tick the referrals again");
                return worklist(actor, Filters.partner(partner), 1, new BatchForm(null, null, null), Map.of(), model);
            }
        }
        if (ids.isEmpty() || blank(partner)) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("packError", ids.isEmpty() ? "Tick the accepted referrals whose specimens go in the box"
                    : "Choose the partner lab the box goes to");
            return worklist(actor, Filters.partner(partner), 1, new BatchForm(null, null, null), Map.of(), model);
        }
        try {
            return "redirect:/referrals/dispatches/" + dispatches.pack(actor, partner, ids).id();
        } catch (RuntimeException e) {
            model.addAttribute("packError", Screens.refusal(e, response).detail());
            return worklist(actor, Filters.partner(partner), 1, new BatchForm(null, null, null), Map.of(), model);
        }
    }

    @GetMapping("/referrals/new")
    String referForm(Actor actor, @RequestParam(required = false) String accession, @RequestParam(required = false) String test,
                     @RequestParam(required = false) String partner, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        return referPage(actor, new ReferForm(accession, test, partner, null), Map.of(), false, model);
    }

    @PostMapping("/referrals")
    String refer(Actor actor, @ModelAttribute ReferForm form, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        Map<String, String> errors = new LinkedHashMap<>();
        if (blank(form.accession())) {
            errors.put("accession", "Enter the accession number of the order");
        }
        if (blank(form.test())) {
            errors.put("test", "Choose the test to refer");
        }
        if (blank(form.partner())) {
            errors.put("partner", "Choose the partner lab to refer it to");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return referPage(actor, form, errors, false, model);
        }
        try {
            Referral made = referrals.refer(actor, form.accession().strip(), form.test(), form.partner(), blankToNull(form.capacityOverride()));
            redirect.addFlashAttribute("notice", testName(made.testCode()) + " on " + made.accession() + " referred to "
                    + partnerName(actor, made.partnerOds()) + (made.capacityOverride() == null ? "." : ", past its agreed capacity by your override."));
            return "redirect:/referrals";
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            errors.put(fieldOf(refusal, e), refusal.detail());
            return referPage(actor, form, errors, refusal.code().equals("capacity-exceeded"), model);
        }
    }

    @GetMapping("/referrals/{id}")
    String referral(Actor actor, @PathVariable UUID id, Model model) {
        return referralPage(actor, id, null, null, model);
    }

    @PostMapping("/referrals/{id}/cancel")
    String cancel(Actor actor, @PathVariable UUID id, @RequestParam(required = false) String reason, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        try {
            Referral cancelled = referrals.cancel(actor, id, reason);
            redirect.addFlashAttribute("notice", cancelled.state() == ReferralState.CANCELLED
                    ? "Referral of " + testName(cancelled.testCode()) + " on " + cancelled.accession() + " cancelled."
                    : "Cancellation of " + testName(cancelled.testCode()) + " on " + cancelled.accession()
                      + " sent to the partner; the referral stays on this list until the partner confirms it.");
            return "redirect:/referrals";
        } catch (NotFound gone) {
            throw gone;
        } catch (RuntimeException e) {
            return referralPage(actor, id, reason, Screens.refusal(e, response).detail(), model);
        }
    }

    private String worklist(Actor actor, Filters filters, int pageNumber, BatchForm batch, Map<String, String> errors, Model model) {
        ReferralState state = null;
        if (filters.state() != null) {
            try {
                state = ReferralState.valueOf(filters.state());
            } catch (IllegalArgumentException unknown) {
                errors = withError(errors, "filter-state", "\"" + filters.state() + "\" is not one of the states; choose one from the list");
            }
        }
        if (state != null && !state.open()) {
            errors = withError(errors, "filter-state", ReferralLine.words(state) + " referrals are not on this list; choose an open state");
            state = null;
        }
        var filter = new Referrals.WorklistFilter(filters.partner(), state, filters.overdue() != null);
        // Only a page is read and shown; the total and the counts come from the same query's rules, so nothing is hidden.
        Referrals.WorklistPage open = referrals.worklist(actor, filter, Pages.offset(pageNumber), Pages.SIZE);
        Pages pages = Pages.of(pageNumber, open.total());
        if (pages.page() != pageNumber) {
            open = referrals.worklist(actor, filter, Pages.offset(pages.page()), Pages.SIZE);
        }
        Instant now = clock.instant();
        model.addAttribute("lines", open.lines().stream().map(l -> ReferralLine.of(l, now)).toList());
        model.addAttribute("total", open.total());
        model.addAttribute("from", open.offset() + 1);
        model.addAttribute("to", open.offset() + open.lines().size());
        pages.show(model, filters::page);
        model.addAttribute("filtered", filters.any());
        model.addAttribute("counts", referrals.counts(actor));
        model.addAttribute("partner", filters.partner());
        model.addAttribute("state", filters.state());
        model.addAttribute("overdueOnly", filters.overdue() != null);
        model.addAttribute("states", Arrays.stream(ReferralState.values()).filter(ReferralState::open)
                .map(s -> new Option(s.name(), ReferralLine.words(s))).toList());
        model.addAttribute("partners", agreements.agreements(actor));
        model.addAttribute("testNames", testNames());
        model.addAttribute("batch", batch);
        model.addAttribute("errors", errors);
        model.addAttribute("canRefer", actor.role() == Actor.Role.SCIENTIST || actor.role() == Actor.Role.LAB_MANAGER);
        model.addAttribute("canOverride", actor.role() == Actor.Role.LAB_MANAGER);
        model.addAttribute("catalogue", catalogue.tests().stream().sorted(Comparator.comparing(LabTest::name)).toList());
        return "referrals";
    }

    record Option(String value, String label) {
    }

    private String referPage(Actor actor, ReferForm form, Map<String, String> errors, boolean capacityFull, Model model) {
        LabOrder order = null;
        if (!blank(form.accession())) {
            try {
                order = orders.byAccession(form.accession().strip());
            } catch (NotFound unknown) {
                if (!errors.containsKey("accession")) {
                    errors = new LinkedHashMap<>(errors);
                    errors.put("accession", unknown.getMessage());
                }
            }
        }
        List<LabTest> tests = order == null ? catalogue.tests().stream().sorted(Comparator.comparing(LabTest::name)).toList()
                : order.tests().stream().map(catalogue::test).toList();
        model.addAttribute("form", form);
        model.addAttribute("order", order);
        model.addAttribute("tests", tests);
        model.addAttribute("partners", agreements.agreements(actor));
        model.addAttribute("errors", errors);
        model.addAttribute("capacityFull", capacityFull || !blank(form.capacityOverride()));
        model.addAttribute("canOverride", actor.role() == Actor.Role.LAB_MANAGER);
        return "refer";
    }

    private String referralPage(Actor actor, UUID id, String reason, String error, Model model) {
        Referral referral = referrals.referral(actor, id);
        model.addAttribute("referral", referral);
        model.addAttribute("state", ReferralLine.words(referral.state()));
        model.addAttribute("history", referrals.history(actor, id));
        model.addAttribute("testName", testName(referral.testCode()));
        model.addAttribute("partnerName", partnerName(actor, referral.partnerOds()));
        model.addAttribute("reason", reason);
        model.addAttribute("error", error);
        model.addAttribute("canCancel", (actor.role() == Actor.Role.SCIENTIST || actor.role() == Actor.Role.LAB_MANAGER)
                && referral.state().open() && referral.state() != ReferralState.RESULTED && referral.state() != ReferralState.CANCEL_REQUESTED);
        return "referral";
    }

    /** The field a referral's refusal is about: the order, the test, the partner, or the override. */
    private static String fieldOf(Refusal refusal, RuntimeException e) {
        if (e instanceof Conflict) {
            return "test";
        }
        if (e instanceof NotFound) {
            return refusal.detail().startsWith("No order has an outstanding") ? "test" : "accession";
        }
        return switch (refusal.code()) {
            case "no-agreement", "test-not-agreed", "capacity-exceeded", "invalid-ods-code" -> "partner";
            case "capacity-override-not-allowed", "missing-field", "invalid-text" -> "capacityOverride";
            default -> "test";
        };
    }

    private Map<String, String> testNames() {
        Map<String, String> names = new LinkedHashMap<>();
        catalogue.tests().forEach(t -> names.put(t.code(), t.name()));
        return names;
    }

    private String testName(String code) {
        return catalogue.tests().stream().filter(t -> t.code().equals(code)).map(LabTest::name).findFirst().orElse(code);
    }

    private String partnerName(Actor actor, String ods) {
        return agreements.agreements(actor).stream().filter(a -> a.odsCode().equalsIgnoreCase(ods.strip())).map(Agreement::name)
                .findFirst().orElse(ods);
    }

    private static Map<String, String> withError(Map<String, String> errors, String field, String message) {
        Map<String, String> more = new LinkedHashMap<>(errors);
        more.put(field, message);
        return more;
    }


    private static String capitalised(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value.strip();
    }
}
