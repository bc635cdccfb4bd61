package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A break-glass read reviewed on the audit screen by another privacy officer: "not justified" without a note is
 * answered beside the note with the choice kept and nothing written; with a note the finding is recorded, shown on the
 * read and in the audit list, and the form is gone. The pages pass axe.
 */
class BreakGlassReviewBrowserTest extends ScreensOnADemoDay {

    @Override
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        return day.seed(10, 17, 2);
    }

    private long reviews() {
        return db.sql("select count(*) from event_log where event_type = 'BreakGlassReviewed'").query(Long.class).single();
    }

    @Test
    void anotherPrivacyOfficerFindsABreakGlassReadNotJustifiedWithANote() {
        UUID patientId = db.sql("select patient_id from lab_order order by accession limit 1").query(UUID.class).single();
        Accounts.Secrets reader = person(Actor.Role.AUDITOR, "PGLAB");
        signInAs(reader);
        browser.open("/patients/" + patientId);
        browser.find("#reason").sendKeys("Complaint investigation, ticket 5120");
        browser.find("main form button[type=submit]").click();
        browser.waitFor("[data-testid=patient-name]");
        browser.open("/audit");
        browser.find("[data-testid=break-glass-review]").click();
        browser.waitFor("[data-testid=review-state]");
        assertThat(browser.text("main")).contains("This read is yours: another privacy officer reviews it");
        assertThat(browser.all("[data-testid=review-form]")).isEmpty();

        signInAs(person(Actor.Role.AUDITOR, "PGLAB"));
        browser.open("/audit");
        assertThat(browser.text("[data-testid=break-glass]")).contains(reader.username()).contains("Not reviewed: review");
        browser.find("[data-testid=break-glass-review]").click();
        browser.waitFor("[data-testid=review-form]");
        assertThat(browser.text("[data-testid=review-state]")).isEqualTo("Not yet reviewed");
        browser.check("audit-break-glass-review");

        long before = reviews();
        browser.find("#outcome-NOT_JUSTIFIED").click();
        browser.submitWith("[data-testid=review-form] button[type=submit]");
        assertThat(browser.text("[data-testid=note-error]")).contains("The note must say why in words");
        assertThat(browser.find("#outcome-NOT_JUSTIFIED").isSelected()).as("the choice is kept").isTrue();
        assertThat(reviews()).as("nothing written").isEqualTo(before);
        browser.check("audit-break-glass-review-error");

        browser.find("#note").sendKeys("No complaint under that ticket; referred to the IG lead");
        browser.submitWith("[data-testid=review-form] button[type=submit]");
        assertThat(browser.text("[data-testid=review-state]")).isEqualTo("Reviewed: Not justified");
        assertThat(browser.text("[data-testid=review]")).contains("Not justified");
        assertThat(browser.text("main")).contains("No complaint under that ticket; referred to the IG lead");
        assertThat(browser.all("[data-testid=review-form]")).isEmpty();
        assertThat(reviews()).isEqualTo(before + 1);
        browser.open("/audit");
        assertThat(browser.text("[data-testid=break-glass]")).contains("Not justified,");
    }
}
