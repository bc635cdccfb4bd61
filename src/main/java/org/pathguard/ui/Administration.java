package org.pathguard.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.AccountChange;
import org.pathguard.access.AccountLifecycle;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users and roles: who has an account, in which role and organisation, where it stands (active,
 * locked until when, invited, disabled, flagged by the read checks), and the administrator's
 * actions on it. Re-enabling, authenticator resets and privileged roles wait on this screen for a second administrator.
 */
@Controller
class Administration {

    /** Which field an invitation refusal belongs beside, by the refusal's code. */
    private static final Map<String, String> INVITATION_FIELDS = Map.of("invalid-username", "username", "conflict", "username",
            "invalid-role", "role", "missing-field", "role", "invalid-organisation", "organisation");

    private final Accounts accounts;
    private final AccountLifecycle lifecycle;

    Administration(Accounts accounts, AccountLifecycle lifecycle) {
        this.accounts = accounts;
        this.lifecycle = lifecycle;
    }

    /** What the person typed, shown again with a refusal. */
    record Typed(String username, String role, String organisation) {
    }

    /** A refusal beside the field it is about; {@code action} names the form on the account page. */
    record FieldError(String action, String field, String message) {
    }

    @GetMapping("/admin")
    String accounts(Actor actor, Model model) {
        actor.require(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR);
        return page(actor, model);
    }

    @PostMapping("/admin/invitations")
    String invite(Actor actor, @RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String role,
                  @RequestParam(defaultValue = "") String organisation, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        try {
            Actor.Role chosen = Arrays.stream(Screens.PEOPLE).filter(r -> r.name().equals(role)).findFirst()
                    .orElseThrow(() -> new LabRuleViolation("missing-field", "Choose the role the person will work in"));
            Accounts.Invitation invitation = accounts.invite(actor, username.strip(), chosen, organisation.strip(), null);
            model.addAttribute("invitation", invitation);
            model.addAttribute("link", link(request, invitation));
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String field = INVITATION_FIELDS.get(refusal.code());
            model.addAttribute(field == null ? "error" : "fieldError", field == null ? refusal.detail()
                    : new FieldError("invite", field, refusal.detail()));
            model.addAttribute("typed", new Typed(username, role, organisation));
        }
        return page(actor, model);
    }

    @GetMapping("/admin/accounts/{id}")
    String account(Actor actor, @PathVariable UUID id, Model model) {
        actor.require(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR);
        return accountPage(actor, id, model);
    }

    /** One door for every action on an account, each with the administrator's reason; refusals beside the reason typed. */
    @PostMapping("/admin/accounts/{id}/{action}")
    String act(Actor actor, @PathVariable UUID id, @PathVariable String action, @RequestParam(defaultValue = "") String reason,
               @RequestParam(defaultValue = "") String role, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            AccountLifecycle.Outcome outcome = switch (action) {
                case "unlock" -> lifecycle.unlock(actor, id, reason);
                case "disable" -> lifecycle.disable(actor, id, reason);
                case "enable" -> lifecycle.enable(actor, id, reason);
                case "authenticator-reset" -> lifecycle.resetAuthenticator(actor, id, reason);
                case "role" -> lifecycle.changeRole(actor, id, Arrays.stream(Screens.PEOPLE).filter(r -> r.name().equals(role))
                        .findFirst().orElseThrow(() -> new LabRuleViolation("invalid-role", "Choose the role the person will work in")), reason);
                default -> throw new org.pathguard.lab.NotFound("There is no account action called " + action);
            };
            shown(outcome, request, model);
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String field = refusal.code().equals("invalid-role") ? "role" : "reason";
            model.addAttribute("fieldError", new FieldError(action, field, refusal.detail()));
            model.addAttribute("typedReason", reason);
            model.addAttribute("typedRole", role);
        }
        return accountPage(actor, id, model);
    }

    @PostMapping("/admin/account-changes/{id}/decision")
    String decide(Actor actor, @PathVariable UUID id, @RequestParam(defaultValue = "") String decision,
                  @RequestParam(defaultValue = "") String comment, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        try {
            if (!decision.equals("approve") && !decision.equals("refuse")) {
                throw new LabRuleViolation("decision-required", "Choose approve or refuse");
            }
            shown(lifecycle.decide(actor, id, decision.equals("approve"), comment), request, model);
        } catch (RuntimeException e) {
            model.addAttribute("error", Screens.refusal(e, response).detail());
            model.addAttribute("decidingChange", id);
            model.addAttribute("typedComment", comment);
        }
        return page(actor, model);
    }

    private void shown(AccountLifecycle.Outcome outcome, HttpServletRequest request, Model model) {
        if (outcome.proposal() != null && outcome.proposal().state() == AccountChange.State.AWAITING_APPROVAL) {
            model.addAttribute("notice", "Proposed: " + outcome.proposal().describe() + ". Another administrator must approve it "
                    + "before it takes effect; the privacy officer has been told.");
        } else {
            model.addAttribute("notice", outcome.summary() + ". The privacy officer has been told.");
        }
        if (outcome.enrolment() != null) {
            model.addAttribute("invitation", outcome.enrolment());
            model.addAttribute("link", link(request, outcome.enrolment()));
        }
    }

    private static String link(HttpServletRequest request, Accounts.Invitation invitation) {
        return ServletUriComponentsBuilder.fromContextPath(request).path("/enrol/{token}").buildAndExpand(invitation.token()).toUriString();
    }

    private String page(Actor actor, Model model) {
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("now", Instant.now());
        model.addAttribute("roles", Screens.PEOPLE);
        model.addAttribute("canAct", actor.role() == Actor.Role.ADMINISTRATOR);
        List<AccountChange> changes = lifecycle.changes(actor);
        model.addAttribute("waiting", changes.stream().filter(c -> c.state() == AccountChange.State.AWAITING_APPROVAL).toList());
        model.addAttribute("decided", changes.stream().filter(c -> c.state() != AccountChange.State.AWAITING_APPROVAL).limit(20).toList());
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", new Typed("", "", ""));
        }
        return "admin";
    }

    private String accountPage(Actor actor, UUID id, Model model) {
        Accounts.Account account = accounts.account(id);
        model.addAttribute("account", account);
        model.addAttribute("now", Instant.now());
        model.addAttribute("roles", Arrays.stream(Screens.PEOPLE).filter(r -> r != account.role()).toList());
        model.addAttribute("canAct", actor.role() == Actor.Role.ADMINISTRATOR && !account.username().equals(actor.name()));
        model.addAttribute("own", account.username().equals(actor.name()));
        model.addAttribute("changes", lifecycle.changes(actor).stream().filter(c -> c.accountId().equals(id)).toList());
        return "admin-account";
    }
}
