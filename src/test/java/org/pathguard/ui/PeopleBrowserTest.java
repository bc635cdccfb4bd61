package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.SecondFactor;
import org.pathguard.access.SignInRefused;
import org.pathguard.demo.DemoDay;
import org.pathguard.demo.DemoUsers;
import org.pathguard.patient.PatientRegistry;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14's accounts and privacy-officer items in the browser: items 13 (read checks and the privacy
 * officer's review), 14 (the account lifecycle and passwords) and 17 (the demo's first sign-in).
 */
class PeopleBrowserTest extends ScreensOnADemoDay {

    private Accounts.Secrets person(Actor.Role role) {
        return person(role, role == Actor.Role.REQUESTER ? "G85001" : "PGLAB");
    }

    private UUID idOf(String username) {
        return db.sql("select id from account where username = ?").param(username).query(UUID.class).single();
    }

    /** Item 17: the code the authenticator shows when the demo has just printed its users signs in. */
    @Test
    void aNewcomerSignsInWithTheCodeShownTheMomentTheDemoPrintsItsUsers() {
        String printed = lab.bean(DemoUsers.class).ensure();
        String[] bms = Arrays.stream(printed.split("\\R")).filter(l -> l.startsWith("demo.bms ")).findFirst().orElseThrow()
                .trim().split("\\s+");
        browser.open("/");
        browser.driver().manage().deleteAllCookies();
        browser.open("/sign-in");
        browser.find("#username").sendKeys(bms[0]);
        browser.find("#password").sendKeys(bms[3]);
        browser.find("main form button[type=submit]").click();
        // The code on the phone now: the same time step the demo enrolled with.
        browser.waitFor("#code").sendKeys(SecondFactor.code(SecondFactor.fromBase32(bms[4]), Instant.now()));
        browser.find("main form button[type=submit]").click();
        browser.waitFor("[data-testid=signed-in-as]");
        assertThat(browser.text("[data-testid=signed-in-as]")).contains("demo.bms");
    }

    /** Item 14: a locked account shows locked and until when; the administrator unlocks it, then disables it; enabling waits. */
    @Test
    void aLockedAccountShowsLockedUntilWhenAndIsUnlockedAndDisabledFromItsPage() {
        Accounts.Secrets locked = person(Actor.Role.SCIENTIST);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> lab.bean(Accounts.class).checkPassword(locked.username(), "wrong password", Instant.now()))
                    .isInstanceOf(SignInRefused.class);
        }
        signInAs(person(Actor.Role.ADMINISTRATOR));
        browser.open("/admin");
        String row = browser.text("[data-testid=account][data-username='" + locked.username() + "']");
        assertThat(row).contains("Locked").contains("until").doesNotContain("Active");
        browser.find("[data-testid=account][data-username='" + locked.username() + "'] a").click();
        browser.waitFor("[data-testid=action-unlock]");
        browser.check("40-admin-account-locked");

        browser.find("[data-testid=action-unlock] button").click();
        browser.waitFor("[data-testid=unlock-reason-error]");
        assertThat(browser.text("[data-testid=unlock-reason-error]")).contains("Say why");
        browser.find("#unlock-reason").sendKeys("phoned the desk, identity checked");
        browser.find("[data-testid=action-unlock] button").click();
        browser.waitForText("[data-testid=notice]", "unlocked");
        assertThat(browser.text("[data-testid=account-summary] [data-testid=standing]")).isEqualTo("Active");

        browser.find("#disable-reason").sendKeys("left the trust");
        browser.find("[data-testid=action-disable] button").click();
        browser.waitForText("[data-testid=notice]", "disabled");
        assertThat(browser.text("[data-testid=account-summary]")).contains("Disabled").contains("since");
        browser.check("41-admin-account-disabled");

        // Issue 19: giving access back is only proposed; the account stays disabled until a second administrator approves.
        browser.find("#enable-reason").sendKeys("back from leave");
        browser.find("[data-testid=action-enable] button").click();
        browser.waitForText("[data-testid=notice]", "Another administrator must approve it");
        assertThat(browser.text("[data-testid=notice]")).contains("re-enable " + locked.username());
        assertThat(browser.text("[data-testid=account-summary] [data-testid=standing]")).contains("Disabled");
    }

    /** Item 14: granting the administrator role waits for a second administrator, who approves on the users screen. */
    @Test
    void aPrivilegedRoleChangeIsProposedByOneAdministratorAndApprovedByAnother() {
        Accounts.Secrets scientist = person(Actor.Role.SCIENTIST);
        Accounts.Secrets first = person(Actor.Role.ADMINISTRATOR);
        Accounts.Secrets second = person(Actor.Role.ADMINISTRATOR);
        signInAs(first);
        browser.open("/admin/accounts/" + idOf(scientist.username()));
        new Select(browser.find("#role-role")).selectByValue("LAB_MANAGER");
        browser.find("#role-reason").sendKeys("promoted to lab manager");
        browser.find("[data-testid=action-role] button").click();
        browser.waitForText("[data-testid=notice]", "Another administrator must approve it");
        browser.open("/admin");
        browser.find("[data-testid=waiting-change] [data-testid=approve]").click();
        browser.waitFor("[data-testid=error]");
        assertThat(browser.text("[data-testid=error]")).contains("second administrator");
        assertThat(db.sql("select role from account where username = ?").param(scientist.username()).query(String.class).single())
                .isEqualTo("SCIENTIST");

        signInAs(second);
        browser.open("/admin");
        assertThat(browser.text("[data-testid=waiting-changes]")).contains(scientist.username()).contains(first.username());
        browser.check("42-admin-waiting-change");
        browser.find("[data-testid=waiting-change] [data-testid=approve]").click();
        browser.waitForText("[data-testid=notice]", "Approved");
        assertThat(browser.text("[data-testid=account][data-username='" + scientist.username() + "']")).contains("Lab manager");
    }

    /** Item 14: an invitation refused in people's words beside the field, what was typed kept; weak passwords refused with why. */
    @Test
    void anInvitationErrorIsBesideTheFieldAndAWeakPasswordIsRefusedWithTheReason() {
        signInAs(person(Actor.Role.ADMINISTRATOR));
        browser.open("/admin");
        browser.find("#username").sendKeys("new.starter");
        new Select(browser.find("#role")).selectByValue("SCIENTIST");
        browser.find("#organisation").sendKeys("PG LAB!");
        browser.find("form[action='/admin/invitations'] button").click();
        browser.waitFor("[data-testid=organisation-error]");
        assertThat(browser.text("[data-testid=organisation-error]")).contains("ODS code").doesNotContain("requesterOds");
        assertThat(browser.text("main")).doesNotContain("requesterOds");
        assertThat(browser.find("#username").getAttribute("value")).isEqualTo("new.starter");
        assertThat(browser.find("#organisation").getAttribute("value")).isEqualTo("PG LAB!");
        assertThat(new Select(browser.find("#role")).getFirstSelectedOption().getAttribute("value")).isEqualTo("SCIENTIST");
        browser.check("43-admin-invitation-error");

        browser.find("#organisation").clear();
        browser.find("#organisation").sendKeys("PGLAB");
        browser.find("form[action='/admin/invitations'] button").click();
        String link = browser.waitFor("[data-testid=enrolment-link]").getText();
        browser.signOut();
        browser.driver().get(link);
        String secret = browser.text("[data-testid=totp-secret]");
        browser.find("#password").sendKeys("passwordpassword");
        browser.find("#code").sendKeys(SecondFactor.code(SecondFactor.fromBase32(secret), Instant.now()));
        browser.find("main form button[type=submit]").click();
        browser.waitFor("[data-testid=error]");
        assertThat(browser.text("[data-testid=error]")).contains("repeats");
    }

    /** Item 13: a new scientist opening the queue on their first morning is not a "sudden jump". */
    @Test
    void readingTheQueueOnTheFirstMorningRaisesNoSuddenJump() {
        Accounts.Secrets scientist = person(Actor.Role.SCIENTIST);
        signInAs(scientist);
        browser.open("/validation");
        browser.waitFor("main");
        // The queue shows a page at a time: a morning's work is the first pages.
        browser.open("/validation?page=2");
        browser.waitFor("main");
        browser.open("/");
        int today = db.sql("select count(distinct patient_id) from patient_read where principal = ?")
                .param(scientist.username()).query(Integer.class).single();
        assertThat(today).as("enough patients to have tripped the old check").isGreaterThan(30);
        assertThat(db.sql("select count(*) from access_alert where principal = ? and kind = 'SUDDEN_JUMP'")
                .param(scientist.username()).query(Long.class).single()).isZero();
    }

    /** Item 13: the privacy officer notes and closes an alert, and sees open and closed apart. */
    @Test
    void thePrivacyOfficerNotesAndClosesAnAlert() {
        Accounts.Secrets reader = person(Actor.Role.AUDITOR);
        UUID patientId = db.sql("select patient_id from lab_order order by accession limit 1").query(UUID.class).single();
        signInAs(reader);
        browser.open("/patients/" + patientId);
        browser.find("#reason").sendKeys("Complaint investigation, ticket 5120");
        browser.find("main form button[type=submit]").click();
        browser.waitFor("[data-testid=patient-name]");

        signInAs(person(Actor.Role.AUDITOR));
        browser.open("/audit");
        String alertRow = "[data-testid=alert][data-kind=BREAK_GLASS]";
        assertThat(browser.text(alertRow)).contains(reader.username());
        browser.find(alertRow + " a").click();
        browser.waitFor("[data-testid=review-form]");
        browser.find("#outcome-EXPECTED_WORK").click();
        browser.find("[data-testid=review-form] button").click();
        browser.waitFor("[data-testid=note-error]");
        assertThat(browser.text("[data-testid=note-error]")).contains("Write a note");
        assertThat(browser.find("#outcome-EXPECTED_WORK").isSelected()).as("the chosen outcome is kept").isTrue();
        browser.find("#note").sendKeys("Ticket 5120 confirmed with the complaints team");
        browser.find("[data-testid=review-form] button").click();
        browser.waitForText("[data-testid=alert-state]", "Closed: Expected work");
        assertThat(browser.text("[data-testid=alert-notes]")).contains("Ticket 5120 confirmed");
        browser.check("44-audit-alert-closed");

        browser.open("/audit?show=OPEN");
        assertThat(browser.all(alertRow).stream().filter(r -> r.getText().contains(reader.username())).toList()).isEmpty();
        browser.open("/audit?show=CLOSED");
        assertThat(browser.text("[data-testid=alerts]")).contains(reader.username()).contains("Expected work");
    }

    /** Item 13: who read this patient, searched by NHS number in the form, the look-up itself on the record. */
    @Test
    void thePrivacyOfficerSeesWhoReadAPatientByNhsNumber() {
        DemoDay.SyntheticPatient patient = patients.getFirst();
        UUID patientId = lab.bean(PatientRegistry.class).findIdByNhsNumber(org.pathguard.lab.NhsNumber.parse(patient.nhsNumber()))
                .orElseThrow();
        Accounts.Secrets reader = person(Actor.Role.AUTHORISER);
        signInAs(reader);
        browser.open("/patients/" + patientId);
        browser.waitFor("[data-testid=patient-name]");

        Accounts.Secrets officer = person(Actor.Role.AUDITOR);
        signInAs(officer);
        browser.open("/audit");
        browser.find("[data-testid=patient-reads-link]").click();
        browser.find("#nhsNumber").sendKeys("123 456 789");
        browser.find("main form button[type=submit]").click();
        browser.waitFor("[data-testid=nhs-number-error]");
        assertThat(browser.find("#nhsNumber").getAttribute("value")).isEqualTo("123 456 789");

        browser.find("#nhsNumber").clear();
        browser.find("#nhsNumber").sendKeys(patient.nhsNumber());
        browser.find("main form button[type=submit]").click();
        browser.waitFor("[data-testid=patient-reads]");
        assertThat(browser.path()).as("the NHS number is not in the address").isEqualTo("/audit/patient-reads");
        assertThat(browser.text("[data-testid=patient-reads]")).contains(reader.username());
        assertThat(browser.text("main")).as("nothing clinical, not even the name").doesNotContain(patient.familyName());
        assertThat(browser.text("[data-testid=reads-lookups]")).contains(officer.username());
        browser.check("45-audit-patient-reads");
        assertThat(db.sql("select count(*) from patient_read where principal = ?").param(officer.username()).query(Long.class).single())
                .as("a look-up is audit work, not a read").isZero();
        assertThat(db.sql("select count(*) from reads_lookup where principal = ? and patient_id = ?").param(officer.username())
                .param(patientId).query(Long.class).single()).isEqualTo(1);
    }
}
