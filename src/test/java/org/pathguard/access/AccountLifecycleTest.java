package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The account lifecycle through the real doors (REST and the screens' forms): each change an event
 * naming the administrator with a notice to the privacy officer; re-enabling, resetting an
 * authenticator and privileged roles waiting for a second administrator (issue 19); and nobody but
 * an administrator able to make any of them.
 */
class AccountLifecycleTest extends LabServerTest {

    @Autowired
    PatientReads reads;

    @Autowired
    AccountLifecycle lifecycle;

    private Api admin() {
        return api("lifecycle.admin", "ADMINISTRATOR");
    }

    private Api secondAdmin() {
        return api("lifecycle.admin2", "ADMINISTRATOR");
    }

    private Accounts.Secrets person(String role) {
        return accounts.createEnrolled(Actor.SYSTEM, Api.unique("life." + role.toLowerCase().replace('_', '-')),
                Actor.Role.valueOf(role), role.equals("REQUESTER") ? PRACTICE : LAB);
    }

    private UUID idOf(Accounts.Secrets s) {
        return db.sql("select id from account where username = ?").param(s.username()).query(UUID.class).single();
    }

    private static Map<String, String> because(String why) {
        return Map.of("reason", why);
    }

    private String lastActorOf(String eventType, UUID accountId) {
        return db.sql("select actor from event_log where event_type = ? and stream_id = ? order by seq desc limit 1")
                .param(eventType).param("account:" + accountId).query(String.class).single();
    }

    private long eventsOf(String eventType, UUID accountId) {
        return db.sql("select count(*) from event_log where event_type = ? and stream_id = ?")
                .param(eventType).param("account:" + accountId).query(Long.class).single();
    }

    private String decision(Api by, String change, boolean approve) {
        var decided = by.post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", approve));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        return decided.body();
    }

    private String noticesSeenByThePrivacyOfficer() {
        return api("lifecycle.auditor", "AUDITOR").get("/api/audit/alerts").body();
    }

    @Test
    void aLockedAccountShowsUntilWhenAndAnAdministratorUnlocksIt() {
        Accounts.Secrets locked = person("SCIENTIST");
        for (int i = 0; i < AccountProjection.FAILURES_BEFORE_LOCK; i++) {
            assertThatThrownBy(() -> accounts.checkPassword(locked.username(), "not the password", Instant.now()))
                    .isInstanceOf(SignInRefused.class);
        }
        JsonNode shown = admin().get("/api/admin/accounts/" + idOf(locked)).json();
        assertThat(shown.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(shown.get("lockedUntil").isNull()).as("locked, and until when").isFalse();
        assertThat(shown.get("failedAttempts").asInt()).isEqualTo(AccountProjection.FAILURES_BEFORE_LOCK);

        var refused = admin().post("/api/admin/accounts/" + idOf(locked) + "/unlock", because(""));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Say why");
        var unlocked = admin().post("/api/admin/accounts/" + idOf(locked) + "/unlock", because("phoned the desk, identity checked"));
        assertThat(unlocked.status()).as(unlocked.body()).isEqualTo(200);
        assertThat(admin().get("/api/admin/accounts/" + idOf(locked)).json().get("lockedUntil").isNull()).isTrue();
        assertThat(lastActorOf("AccountUnlocked", idOf(locked))).isEqualTo("lifecycle.admin/ADMINISTRATOR");
        assertThat(noticesSeenByThePrivacyOfficer()).contains("ACCOUNT_UNLOCKED", "unlocked " + locked.username(),
                "phoned the desk, identity checked");
        Api.person(port, locked.username(), locked.password(), locked.totpSecret());
    }

    @Test
    void aDisabledAccountCannotSignInAndItsOpenSessionEnds() {
        Accounts.Secrets leaver = person("AUTHORISER");
        Api session = Api.person(port, leaver.username(), leaver.password(), leaver.totpSecret());
        assertThat(session.get("/api/validation-queue?limit=1").status()).isEqualTo(200);

        var disabled = admin().post("/api/admin/accounts/" + idOf(leaver) + "/disable", because("left the trust"));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(session.get("/api/validation-queue?limit=1").status()).as("the open session ends at once").isEqualTo(401);
        assertThat(session.get("/api/session").json().get("signedIn").asBoolean()).isFalse();
        assertThatThrownBy(() -> Api.person(port, leaver.username(), leaver.password(), leaver.totpSecret()))
                .hasMessageContaining("password refused");
        assertThat(admin().get("/api/admin/accounts/" + idOf(leaver)).json().get("state").asString()).isEqualTo("DISABLED");
        assertThat(noticesSeenByThePrivacyOfficer()).contains("ACCOUNT_DISABLED", "disabled " + leaver.username());

        var proposed = admin().post("/api/admin/accounts/" + idOf(leaver) + "/enable", because("returned from a career break"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        decision(secondAdmin(), proposed.json().get("proposal").get("id").asString(), true);
        // Its password works again (a full sign-in would need the next authenticator step: this one was used above).
        assertThat(accounts.checkPassword(leaver.username(), leaver.password(), Instant.now())).isEqualTo(idOf(leaver));
    }

    @Test
    void grantingAPrivilegedRoleWaitsForASecondAdministratorNeverTheProposer() {
        Accounts.Secrets scientist = person("SCIENTIST");
        Api session = Api.person(port, scientist.username(), scientist.password(), scientist.totpSecret());
        var proposed = admin().post("/api/admin/accounts/" + idOf(scientist) + "/role",
                Map.of("role", "LAB_MANAGER", "reason", "promoted to lab manager"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        String change = proposed.json().get("proposal").get("id").asString();
        assertThat(proposed.json().get("proposal").get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(admin().get("/api/admin/accounts/" + idOf(scientist)).json().get("role").asString()).isEqualTo("SCIENTIST");

        var own = admin().post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true));
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.body()).contains("second administrator");
        assertThat(session.post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true)).status())
                .as("nor the person it is about").isEqualTo(403);

        var approved = secondAdmin().post("/api/admin/account-changes/" + change + "/decision",
                Map.of("approve", true, "comment", "agreed at the staffing meeting"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(admin().get("/api/admin/accounts/" + idOf(scientist)).json().get("role").asString()).isEqualTo("LAB_MANAGER");
        assertThat(session.get("/api/session").json().get("signedIn").asBoolean()).as("the session in the old role ends").isFalse();
        assertThat(lastActorOf("AccountRoleChanged", idOf(scientist))).isEqualTo("lifecycle.admin2/ADMINISTRATOR");
        assertThat(secondAdmin().post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true)).status())
                .as("decided once").isEqualTo(409);
        assertThat(noticesSeenByThePrivacyOfficer()).contains("ACCOUNT_CHANGE_PROPOSED", "ACCOUNT_ROLE_CHANGED");

        var down = admin().post("/api/admin/accounts/" + idOf(scientist) + "/role", Map.of("role", "SCIENTIST", "reason", "back to the bench"));
        assertThat(down.json().get("proposal").isNull()).as("taking a privilege away is at once").isTrue();
        assertThat(admin().get("/api/admin/accounts/" + idOf(scientist)).json().get("role").asString()).isEqualTo("SCIENTIST");
    }

    @Test
    void resettingAnAuthenticatorReplacesPasswordAuthenticatorAndRecoveryCodes() {
        Accounts.Secrets lostPhone = person("SCIENTIST");
        var proposed = admin().post("/api/admin/accounts/" + idOf(lostPhone) + "/authenticator-reset", because("phone lost on the bus"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        var reset = secondAdmin().post("/api/admin/account-changes/" + proposed.json().get("proposal").get("id").asString()
                + "/decision", Map.of("approve", true));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        String token = reset.json().get("enrolmentPath").asString().substring("/api/enrolment/".length());
        assertThatThrownBy(() -> Api.person(port, lostPhone.username(), lostPhone.password(), lostPhone.totpSecret()))
                .hasMessageContaining("password refused");

        byte[] secret = SecondFactor.newSecret();
        List<String> codes = accounts.enrol(token, "new phone kettle violin", secret, SecondFactor.code(secret, Instant.now()));
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(lostPhone.recoveryCodes());
        Api.person(port, lostPhone.username(), "new phone kettle violin", SecondFactor.base32(secret));
        assertThat(lastActorOf("AuthenticatorReset", idOf(lostPhone))).isEqualTo("lifecycle.admin2/ADMINISTRATOR");
    }

    @Test
    void reEnablingAnyAccountWaitsForASecondAdministratorNeitherTheProposerNorThePerson() {
        Accounts.Secrets leaver = person("ADMINISTRATOR");
        admin().post("/api/admin/accounts/" + idOf(leaver) + "/disable", because("password seen on a sticky note"));
        var proposed = admin().post("/api/admin/accounts/" + idOf(leaver) + "/enable", because("new password chosen"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        assertThat(proposed.json().get("proposal").get("kind").asString()).as("not flagged, and still proposed").isEqualTo("ENABLE");
        assertThat(proposed.json().get("proposal").get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(admin().get("/api/admin/accounts/" + idOf(leaver)).json().get("state").asString()).isEqualTo("DISABLED");
        assertThat(eventsOf("AccountEnabled", idOf(leaver))).isZero();
        String change = proposed.json().get("proposal").get("id").asString();

        var own = admin().post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true));
        assertThat(own.status()).as("never the proposer").isEqualTo(403);
        assertThatThrownBy(() -> lifecycle.decide(new Actor(leaver.username(), Actor.Role.ADMINISTRATOR, LAB, null),
                UUID.fromString(change), true, null)).as("never the person it is about, were they signed in")
                .isInstanceOf(ForbiddenAction.class).hasMessageContaining("your own account");
        assertThat(admin().post("/api/admin/accounts/" + idOf(leaver) + "/enable", because("asking twice")).status())
                .as("one proposal at a time").isEqualTo(409);
        assertThatThrownBy(() -> Api.person(port, leaver.username(), leaver.password(), leaver.totpSecret()))
                .as("still disabled while the proposal waits").hasMessageContaining("password refused");

        decision(secondAdmin(), change, true);
        assertThat(admin().get("/api/admin/accounts/" + idOf(leaver)).json().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(lastActorOf("AccountEnabled", idOf(leaver))).isEqualTo("lifecycle.admin2/ADMINISTRATOR");
        assertThat(accounts.checkPassword(leaver.username(), leaver.password(), Instant.now())).isEqualTo(idOf(leaver));
        assertThat(noticesSeenByThePrivacyOfficer()).contains("ACCOUNT_CHANGE_PROPOSED", "ACCOUNT_ENABLED", "re-enable " + leaver.username());
    }

    @Test
    void aRefusedReEnablingLeavesTheAccountDisabled() {
        Accounts.Secrets leaver = person("AUTHORISER");
        admin().post("/api/admin/accounts/" + idOf(leaver) + "/disable", because("left the trust"));
        var proposed = admin().post("/api/admin/accounts/" + idOf(leaver) + "/enable", because("back as a locum"));
        decision(secondAdmin(), proposed.json().get("proposal").get("id").asString(), false);
        assertThat(admin().get("/api/admin/accounts/" + idOf(leaver)).json().get("state").asString()).isEqualTo("DISABLED");
        assertThat(eventsOf("AccountEnabled", idOf(leaver))).isZero();
        assertThatThrownBy(() -> Api.person(port, leaver.username(), leaver.password(), leaver.totpSecret()))
                .hasMessageContaining("password refused");
    }

    @Test
    void anyonesAuthenticatorResetWaitsForASecondAdministratorWhoReceivesTheLink() {
        Accounts.Secrets lostPhone = person("REQUESTER");
        Api session = Api.person(port, lostPhone.username(), lostPhone.password(), lostPhone.totpSecret());
        var proposed = admin().post("/api/admin/accounts/" + idOf(lostPhone) + "/authenticator-reset", because("phone lost on the bus"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        assertThat(proposed.json().get("proposal").get("kind").asString()).isEqualTo("AUTHENTICATOR_RESET");
        assertThat(proposed.json().get("enrolmentPath").isNull()).as("the proposer never holds a link").isTrue();
        assertThat(eventsOf("AuthenticatorReset", idOf(lostPhone))).isZero();
        assertThat(session.get("/api/session").json().get("signedIn").asBoolean()).as("nothing changes while it waits").isTrue();
        String change = proposed.json().get("proposal").get("id").asString();

        assertThat(admin().post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true)).status())
                .as("never the proposer").isEqualTo(403);
        assertThatThrownBy(() -> lifecycle.decide(new Actor(lostPhone.username(), Actor.Role.ADMINISTRATOR, PRACTICE, null),
                UUID.fromString(change), true, null)).as("never the person it is about")
                .isInstanceOf(ForbiddenAction.class).hasMessageContaining("your own account");
        assertThat(eventsOf("AuthenticatorReset", idOf(lostPhone))).isZero();

        var approved = secondAdmin().post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("enrolmentPath").asString()).as("the link goes to the approver, once").startsWith("/api/enrolment/");
        assertThat(session.get("/api/session").json().get("signedIn").asBoolean()).as("the lost phone's session ends").isFalse();
        assertThat(accounts.account(idOf(lostPhone)).standing(Instant.now())).isEqualTo(Accounts.Account.Standing.AWAITING_NEW_ENROLMENT);

        var again = admin().post("/api/admin/accounts/" + idOf(lostPhone) + "/authenticator-reset", because("link lost too"));
        assertThat(again.json().get("proposal").get("kind").asString())
                .as("a new link for someone who had enrolled is still a reset").isEqualTo("AUTHENTICATOR_RESET");
    }

    @Test
    void aRefusedResetLeavesPasswordAndAuthenticatorWorking() {
        Accounts.Secrets person = person("SCIENTIST");
        var proposed = admin().post("/api/admin/accounts/" + idOf(person) + "/authenticator-reset", because("caller said phone lost"));
        var refused = secondAdmin().post("/api/admin/account-changes/" + proposed.json().get("proposal").get("id").asString()
                + "/decision", Map.of("approve", false, "comment", "the caller could not be identified"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.json().get("enrolmentPath").isNull()).isTrue();
        assertThat(eventsOf("AuthenticatorReset", idOf(person))).isZero();
        Api.person(port, person.username(), person.password(), person.totpSecret());
        assertThat(noticesSeenByThePrivacyOfficer()).contains("ACCOUNT_CHANGE_REFUSED", "the caller could not be identified");
    }

    @Test
    void aResetApprovedAfterTheAccountWasDisabledIsRefusedAndMakesNoLink() {
        Accounts.Secrets person = person("SCIENTIST");
        var proposed = admin().post("/api/admin/accounts/" + idOf(person) + "/authenticator-reset", because("new phone"));
        admin().post("/api/admin/accounts/" + idOf(person) + "/disable", because("suspicious sign-ins overnight"));
        var approved = secondAdmin().post("/api/admin/account-changes/" + proposed.json().get("proposal").get("id").asString()
                + "/decision", Map.of("approve", true));
        assertThat(approved.status()).as(approved.body()).isEqualTo(409);
        assertThat(approved.body()).contains("disabled since").doesNotContain("/api/enrolment/");
        assertThat(eventsOf("AuthenticatorReset", idOf(person))).isZero();
        assertThat(admin().get("/api/admin/accounts/" + idOf(person)).json().get("state").asString()).isEqualTo("DISABLED");
    }

    @Test
    void renewingANeverEnrolledInvitationIsAtOnceAndStaysAnInvitation() {
        Accounts.Invitation invited = accounts.invite(Actor.SYSTEM, Api.unique("life.late"), Actor.Role.SCIENTIST, LAB, null);
        var renewed = admin().post("/api/admin/accounts/" + invited.accountId() + "/authenticator-reset", because("link went to spam"));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.json().get("proposal").isNull()).as("no identity yet to take over").isTrue();
        String token = renewed.json().get("enrolmentPath").asString().substring("/api/enrolment/".length());
        assertThat(lastActorOf("InvitationRenewed", invited.accountId())).isEqualTo("lifecycle.admin/ADMINISTRATOR");
        assertThat(eventsOf("AuthenticatorReset", invited.accountId())).isZero();
        assertThat(accounts.account(invited.accountId()).standing(Instant.now())).isEqualTo(Accounts.Account.Standing.INVITED);
        assertThat(noticesSeenByThePrivacyOfficer()).contains("INVITATION_RENEWED");

        byte[] secret = SecondFactor.newSecret();
        assertThatThrownBy(() -> accounts.enrol(invited.token(), "marsh kettle violin rota", secret,
                SecondFactor.code(secret, Instant.now()))).as("the old link no longer works");
        accounts.enrol(token, "marsh kettle violin rota", secret, SecondFactor.code(secret, Instant.now()));
        var afterEnrolment = admin().post("/api/admin/accounts/" + invited.accountId() + "/authenticator-reset", because("new phone"));
        assertThat(afterEnrolment.json().get("proposal").get("kind").asString()).isEqualTo("AUTHENTICATOR_RESET");
    }

    @Test
    void resettingAnotherAdministratorsAuthenticatorNeedsASecondAdministratorNotThemselves() {
        Accounts.Secrets other = person("ADMINISTRATOR");
        var proposed = admin().post("/api/admin/accounts/" + idOf(other) + "/authenticator-reset", because("new phone"));
        assertThat(proposed.json().get("enrolmentPath").isNull()).as("no link until approved").isTrue();
        String change = proposed.json().get("proposal").get("id").asString();
        Api subject = Api.person(port, other.username(), other.password(), other.totpSecret());
        var self = subject.post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body()).contains("your own account");
        var approved = secondAdmin().post("/api/admin/account-changes/" + change + "/decision", Map.of("approve", true));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("enrolmentPath").asString()).startsWith("/api/enrolment/");
        assertThat(subject.get("/api/session").json().get("signedIn").asBoolean()).as("a lost phone's session ends").isFalse();
    }

    @Test
    void reEnablingAFlaggedAccountNeedsASecondAdministrator() {
        Accounts.Secrets flagged = person("SCIENTIST");
        reads.raiseOnce(flagged.username(), "CONSECUTIVE_IDENTIFIERS", "walked identifiers in a test");
        admin().post("/api/admin/accounts/" + idOf(flagged) + "/disable", because("under investigation"));
        var proposed = admin().post("/api/admin/accounts/" + idOf(flagged) + "/enable", because("investigation closed"));
        assertThat(proposed.json().get("proposal").get("kind").asString()).isEqualTo("ENABLE");
        assertThat(admin().get("/api/admin/accounts/" + idOf(flagged)).json().get("state").asString()).isEqualTo("DISABLED");
        var refused = secondAdmin().post("/api/admin/account-changes/" + proposed.json().get("proposal").get("id").asString()
                + "/decision", Map.of("approve", false, "comment", "wait for the privacy officer"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(admin().get("/api/admin/accounts/" + idOf(flagged)).json().get("state").asString()).isEqualTo("DISABLED");
        assertThat(noticesSeenByThePrivacyOfficer()).contains("ACCOUNT_CHANGE_REFUSED");
    }

    @Test
    void anAdministratorDoesNotChangeTheirOwnAccount() {
        Api admin = admin();
        UUID me = db.sql("select id from account where username = 'lifecycle.admin'").query(UUID.class).single();
        assertThat(admin.post("/api/admin/accounts/" + me + "/disable", because("testing myself")).status()).isEqualTo(403);
        assertThat(admin.post("/api/admin/accounts/" + me + "/role", Map.of("role", "AUDITOR", "reason", "more power")).status())
                .isEqualTo(403);
    }

    @Test
    void noRoleButAdministratorAndNoMachineReachesAnyDoorOfTheLifecycle() {
        Accounts.Secrets target = person("SCIENTIST");
        String account = "/api/admin/accounts/" + idOf(target);
        var proposal = admin().post(account + "/role", Map.of("role", "AUDITOR", "reason", "joining the privacy office"));
        String change = "/api/admin/account-changes/" + proposal.json().get("proposal").get("id").asString() + "/decision";
        List<String> rest = List.of(account + "/unlock", account + "/disable", account + "/enable", account + "/role",
                account + "/authenticator-reset", change);
        String screen = "/admin/accounts/" + idOf(target);
        List<String> screens = List.of(screen + "/unlock", screen + "/disable", screen + "/enable", screen + "/role",
                screen + "/authenticator-reset", change.replace("/api/admin/", "/admin/"));
        Map<String, Object> body = Map.of("reason", "trying my luck", "role", "ADMINISTRATOR", "approve", true);
        Map<String, String> form = Map.of("reason", "trying my luck", "role", "ADMINISTRATOR", "decision", "approve");
        for (String role : List.of("REQUESTER", "SCIENTIST", "AUTHORISER", "LAB_MANAGER", "AUDITOR")) {
            Api someone = api("lifecycle.not-admin." + role.toLowerCase().replace('_', '-'), role);
            for (String path : rest) {
                assertThat(someone.post(path, body).status()).as(role + " POST " + path).isEqualTo(403);
            }
            for (String path : screens) {
                assertThat(someone.postForm(path, form).status()).as(role + " form " + path).isEqualTo(403);
            }
        }
        Api machine = api("lifecycle.machine", "INTERFACE");
        for (String path : rest) {
            assertThat(machine.post(path, body).status()).as("machine POST " + path).isEqualTo(403);
        }
        for (String path : screens) {
            assertThat(machine.postForm(path, form).status()).as("machine form " + path).isEqualTo(403);
        }
        Api nobody = Api.anonymous(port);
        assertThat(nobody.post(rest.get(1), body).status()).isIn(401, 403);
        JsonNode after = admin().get(account).json();
        assertThat(after.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(after.get("role").asString()).isEqualTo("SCIENTIST");
    }

    @Test
    void theScreensTwoPersonRuleIsTheSameAsTheApis() {
        Accounts.Secrets target = person("SCIENTIST");
        String path = "/admin/accounts/" + idOf(target);
        var proposed = admin().postForm(path + "/role", Map.of("role", "ADMINISTRATOR", "reason", "second administrator for nights"));
        assertThat(proposed.status()).isEqualTo(200);
        assertThat(proposed.body()).contains("Another administrator must approve it");
        String change = db.sql("select id from account_change where account_id = ? and state = 'AWAITING_APPROVAL'")
                .param(idOf(target)).query(String.class).single();
        var own = admin().postForm("/admin/account-changes/" + change + "/decision", Map.of("decision", "approve"));
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.body()).contains("second administrator");
        assertThat(secondAdmin().postForm("/admin/account-changes/" + change + "/decision", Map.of("decision", "approve")).status())
                .isEqualTo(200);
        assertThat(admin().get("/api/admin/accounts/" + idOf(target)).json().get("role").asString()).isEqualTo("ADMINISTRATOR");
    }

    @Test
    void aWeakPasswordIsRefusedAtEnrolmentWithTheReason() {
        Accounts.Invitation invited = accounts.invite(Actor.SYSTEM, Api.unique("life.weak"), Actor.Role.SCIENTIST, LAB, null);
        Api browser = Api.anonymous(port);
        Api withToken = browser.withHeader("X-CSRF-TOKEN", browser.get("/api/session").json().get("csrfToken").asString());
        var authenticator = withToken.post("/api/enrolment/" + invited.token() + "/authenticator", Map.of());
        byte[] secret = SecondFactor.fromBase32(authenticator.json().get("secret").asString());
        var weak = withToken.post("/api/enrolment/" + invited.token(), Map.of("password", "passwordpassword",
                "code", SecondFactor.code(secret, Instant.now())));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).contains("repeats");
        var fine = withToken.post("/api/enrolment/" + invited.token(), Map.of("password", "marsh kettle violin rota",
                "code", SecondFactor.code(secret, Instant.now())));
        assertThat(fine.status()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void anInvitationRefusalIsWordedForPeopleNotForTheOrdersApi() {
        var refused = admin().post("/api/admin/accounts", Map.of("username", Api.unique("life.ods"), "role", "SCIENTIST",
                "organisation", "not a code!"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).doesNotContain("requesterOds").contains("ODS code");
    }
}
