package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dormant accounts through the real lab: reported after 90 days unused, disabled by PathGuard after 120 with an event
 * saying why, enabled again only through the ordinary lifecycle (two administrators); machine credentials are never disabled for age.
 * Time passing is made by moving the account's recorded dates back, as a hundred days would.
 */
class DormantAccountsTest extends LabServerTest {

    @Autowired
    DormantAccounts dormantAccounts;

    private UUID idOf(String username) {
        return db.sql("select id from account where username = ?").param(username).query(UUID.class).single();
    }

    /** The account as if invited (and never signed in since) {@code days} ago. */
    private void unusedFor(String username, int days) {
        db.sql("update account set invited_at = now() - make_interval(days => ?), last_sign_in = null, state_changed_at = null where username = ?")
                .param(days).param(username).update();
    }

    private List<String> dormantNames(Dormancy.Standing standing) {
        return dormantAccounts.dormant(Instant.now()).stream().filter(d -> d.standing() == standing)
                .map(DormantAccounts.Dormant::username).toList();
    }

    @Test
    void anAccountUnusedForNinetyDaysIsReportedThenDisabledByPathGuardAndEnabledOnlyByAnAdministrator() {
        Accounts.Secrets person = accounts.createEnrolled(Actor.SYSTEM, Api.unique("dormant.sci"), Actor.Role.SCIENTIST, LAB);
        Accounts.Secrets recent = accounts.createEnrolled(Actor.SYSTEM, Api.unique("recent.sci"), Actor.Role.SCIENTIST, LAB);
        unusedFor(recent.username(), 89);
        assertThat(dormantNames(Dormancy.Standing.DORMANT)).doesNotContain(person.username(), recent.username());

        unusedFor(person.username(), 100);
        assertThat(dormantNames(Dormancy.Standing.DORMANT)).contains(person.username()).doesNotContain(recent.username());
        dormantAccounts.disableDormant(Instant.now());
        assertThat(accounts.account(idOf(person.username())).state()).as("reported, not yet disabled").isEqualTo("ACTIVE");

        unusedFor(person.username(), 121);
        assertThat(dormantNames(Dormancy.Standing.TO_DISABLE)).contains(person.username());
        assertThat(dormantAccounts.disableDormant(Instant.now())).isGreaterThanOrEqualTo(1);
        UUID id = idOf(person.username());
        assertThat(accounts.account(id).state()).isEqualTo("DISABLED");
        assertThat(accounts.account(idOf(recent.username())).state()).isEqualTo("ACTIVE");
        assertThat(db.sql("select actor from event_log where event_type = 'AccountDisabled' and stream_id = ? order by seq desc limit 1")
                .param("account:" + id).query(String.class).single()).isEqualTo("pathguard/SYSTEM");
        assertThat(db.sql("select detail from access_alert where kind = 'ACCOUNT_DISABLED' and detail like ?")
                .param("%" + person.username() + "%").query(String.class).single())
                .as("the privacy officer hears why").contains("PathGuard disabled", "dormant: not used since", "over 120 days");
        assertThatThrownBy(() -> accounts.checkPassword(person.username(), person.password(), Instant.now()))
                .isInstanceOf(SignInRefused.class);
        assertThat(dormantNames(Dormancy.Standing.TO_DISABLE)).doesNotContain(person.username());
        assertThat(dormantAccounts.disableDormant(Instant.now())).as("nothing left to disable: the round goes back to sleep").isZero();

        Api admin = api("dormant.admin", "ADMINISTRATOR");
        assertThat(api("dormant.manager", "LAB_MANAGER").post("/api/admin/accounts/" + id + "/enable",
                Map.of("reason", "back from a long leave")).status()).isEqualTo(403);
        var proposed = admin.post("/api/admin/accounts/" + id + "/enable", Map.of("reason", "back from a long leave"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        assertThat(accounts.account(id).state()).as("waits for a second administrator").isEqualTo("DISABLED");
        var enabled = api("dormant.admin2", "ADMINISTRATOR").post("/api/admin/account-changes/"
                + proposed.json().get("proposal").get("id").asString() + "/decision", Map.of("approve", true));
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(accounts.account(id).state()).isEqualTo("ACTIVE");
        assertThat(dormantNames(Dormancy.Standing.DORMANT)).as("enabling restarts the clock").doesNotContain(person.username());
        dormantAccounts.disableDormant(Instant.now());
        assertThat(accounts.account(id).state()).as("not disabled again at the next round").isEqualTo("ACTIVE");
        assertThat(accounts.checkPassword(person.username(), person.password(), Instant.now())).isEqualTo(id);
    }

    @Test
    void machineCredentialsAreNotPeopleAndAreNeverDisabledForDisuse() {
        Accounts.IssuedCredential analyser = accounts.issueCredential(Actor.SYSTEM, Api.unique("old-analyser"), LAB, List.of(Scope.RESULTS));
        db.sql("update api_credential set issued_at = now() - interval '400 days' where id = ?").param(analyser.id()).update();
        dormantAccounts.disableDormant(Instant.now());
        assertThat(accounts.credential(analyser.token())).as("still works").isPresent();
        assertThat(dormantAccounts.dormant(Instant.now())).noneMatch(d -> d.username().equals(analyser.name()));
        accounts.revokeCredential(Actor.SYSTEM, analyser.id());
    }
}
