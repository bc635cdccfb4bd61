package org.pathguard.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Users and roles: who has an account, in which role and organisation, when they last signed in and
 * whether the read-pattern checks flagged them; inviting someone gives a one-time enrolment link.
 */
@Controller
class Administration {

    private final Accounts accounts;

    Administration(Accounts accounts) {
        this.accounts = accounts;
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
            model.addAttribute("link", ServletUriComponentsBuilder.fromContextPath(request).path("/enrol/{token}")
                    .buildAndExpand(invitation.token()).toUriString());
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("error", refusal.detail());
        }
        return page(actor, model);
    }

    private String page(Actor actor, Model model) {
        List<Accounts.Account> list = accounts.list().stream().sorted(Comparator.comparing(Accounts.Account::username)).toList();
        model.addAttribute("accounts", list);
        model.addAttribute("roles", Screens.PEOPLE);
        model.addAttribute("canInvite", actor.role() == Actor.Role.ADMINISTRATOR);
        return "admin";
    }
}
