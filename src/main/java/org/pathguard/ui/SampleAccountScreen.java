package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.tracking.SampleAccount;
import org.pathguard.tracking.TubeState;
import org.pathguard.lab.LabRuleViolation;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every sample accounted for, on screen: lab staff pick a requester and see its orders and tubes with their state now,
 * to phone the practice or ward; a requester sees its own and downloads the list (CSV) to phone its patients for re-bleeds.
 */
@Controller
class SampleAccountScreen {

    private final SampleAccount account;

    SampleAccountScreen(SampleAccount account) {
        this.account = account;
    }

    @GetMapping("/incident/samples")
    String page(Actor actor, @RequestParam(required = false) String requester, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, HttpServletResponse response, Model model) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate fromDay = day(from, "from", errors);
        LocalDate toDay = day(to, "to", errors);
        boolean labStaff = actor.role().labStaff();
        String chosen = requester == null || requester.isBlank() ? null : requester.strip();
        model.addAttribute("labStaff", labStaff);
        model.addAttribute("typedFrom", from);
        model.addAttribute("typedTo", to);
        model.addAttribute("errors", errors);
        model.addAttribute("requester", chosen);
        model.addAttribute("states", TubeState.values());
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return "incident-samples";
        }
        SampleAccount.Days days = account.defaulted(fromDay, toDay);
        model.addAttribute("days", days);
        try {
            if (labStaff) {
                model.addAttribute("requesters", account.requesters(actor, days));
            }
            if (!labStaff || chosen != null) {
                model.addAttribute("account", account.account(actor, chosen, days));
            }
        } catch (RuntimeException e) {
            model.addAttribute("refusal", Screens.refusal(e, response));
        }
        return "incident-samples";
    }

    /** A requester's own list as CSV (registered and fingerprinted): the practice phones its patients from it. */
    @GetMapping("/incident/samples.csv")
    ResponseEntity<byte[]> csv(Actor actor, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate fromDay = day(from, "from", errors);
        LocalDate toDay = day(to, "to", errors);
        if (!errors.isEmpty()) {
            throw new LabRuleViolation("invalid-period", String.join("; ", errors.values()));
        }
        SampleAccount.Csv file = account.csv(actor, account.defaulted(fromDay, toDay));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name()).build().toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(file.content());
    }

    private static LocalDate day(String typed, String field, Map<String, String> errors) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(typed.strip());
        } catch (DateTimeParseException e) {
            errors.put(field, "Write the day as YYYY-MM-DD, for example 2024-06-03");
            return null;
        }
    }
}
