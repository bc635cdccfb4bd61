package org.pathguard.access;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Administration of people's accounts and machines' credentials; administrators read no clinical data here. */
@RestController
class AccountController {

    private final Accounts accounts;
    private final AccountLifecycle lifecycle;

    AccountController(Accounts accounts, AccountLifecycle lifecycle) {
        this.accounts = accounts;
        this.lifecycle = lifecycle;
    }

    /** What an administrator says with every change, for the record. */
    record Reason(String reason) {
    }

    record RoleChange(Actor.Role role, String reason) {
    }

    record Decision(boolean approve, String comment) {
    }

    /** An account change's answer: what happened, the proposal when it waits for a second administrator, a new link once. */
    record Changed(String summary, AccountChange proposal, String enrolmentPath, Instant enrolmentExpires) {

        static Changed of(AccountLifecycle.Outcome o) {
            return new Changed(o.summary(), o.proposal(), o.enrolment() == null ? null : "/api/enrolment/" + o.enrolment().token(),
                    o.enrolment() == null ? null : o.enrolment().expires());
        }
    }

    record NewAccount(String username, Actor.Role role, String organisation, String oidcSubject) {
    }

    record InvitationSent(UUID accountId, String username, Actor.Role role, String enrolmentPath, Instant expires) {
    }

    record NewCredential(String name, String organisation, List<String> scopes) {
    }

    @PostMapping("/api/admin/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    InvitationSent invite(Actor actor, @RequestBody NewAccount account) {
        Accounts.Invitation i = accounts.invite(actor, account.username(), account.role(), account.organisation(), account.oidcSubject());
        return new InvitationSent(i.accountId(), i.username(), i.role(), "/api/enrolment/" + i.token(), i.expires());
    }

    @GetMapping("/api/admin/accounts")
    List<Accounts.Account> accounts(Actor actor) {
        actor.require(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR);
        return accounts.list();
    }

    @GetMapping("/api/admin/accounts/{id}")
    Accounts.Account account(Actor actor, @PathVariable UUID id) {
        actor.require(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR);
        return accounts.account(id);
    }

    @PostMapping("/api/admin/accounts/{id}/unlock")
    Changed unlock(Actor actor, @PathVariable UUID id, @RequestBody Reason body) {
        return Changed.of(lifecycle.unlock(actor, id, body.reason()));
    }

    @PostMapping("/api/admin/accounts/{id}/disable")
    Changed disable(Actor actor, @PathVariable UUID id, @RequestBody Reason body) {
        return Changed.of(lifecycle.disable(actor, id, body.reason()));
    }

    @PostMapping("/api/admin/accounts/{id}/enable")
    Changed enable(Actor actor, @PathVariable UUID id, @RequestBody Reason body) {
        return Changed.of(lifecycle.enable(actor, id, body.reason()));
    }

    @PostMapping("/api/admin/accounts/{id}/role")
    Changed role(Actor actor, @PathVariable UUID id, @RequestBody RoleChange body) {
        return Changed.of(lifecycle.changeRole(actor, id, body.role(), body.reason()));
    }

    /** The new enrolment link is in this answer (or the approving administrator's) and nowhere else. */
    @PostMapping("/api/admin/accounts/{id}/authenticator-reset")
    Changed resetAuthenticator(Actor actor, @PathVariable UUID id, @RequestBody Reason body) {
        return Changed.of(lifecycle.resetAuthenticator(actor, id, body.reason()));
    }

    @GetMapping("/api/admin/account-changes")
    List<AccountChange> changes(Actor actor) {
        return lifecycle.changes(actor);
    }

    @PostMapping("/api/admin/account-changes/{id}/decision")
    Changed decide(Actor actor, @PathVariable UUID id, @RequestBody Decision body) {
        return Changed.of(lifecycle.decide(actor, id, body.approve(), body.comment()));
    }

    /** The token is in this answer and nowhere else. */
    @PostMapping("/api/admin/credentials")
    @ResponseStatus(HttpStatus.CREATED)
    Accounts.IssuedCredential issue(Actor actor, @RequestBody NewCredential credential) {
        return accounts.issueCredential(actor, credential.name(), credential.organisation(), credential.scopes());
    }

    @PostMapping("/api/admin/credentials/{id}/revocation")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Actor actor, @PathVariable UUID id) {
        accounts.revokeCredential(actor, id);
    }
}
