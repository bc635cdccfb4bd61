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

    AccountController(Accounts accounts) {
        this.accounts = accounts;
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
