package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.access.Actor;
import org.pathguard.result.CriticalResults;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench in a real browser: reception by scanner (issue 14 items 9 and 10), result entry of coded results
 * (item 3) and the phoning of critical results with the contact directory, call attempts and escalation. The lab
 * runs with a one-second time to phone, so every critical of the demo day is overdue and escalated.
 */
class BenchDeskBrowserTest extends ScreensOnADemoDay {

    /** Every demo critical is overdue at once, so escalation shows. */
    @Override
    protected String[] settings() {
        return new String[]{"--pathguard.critical.phone-within=PT1S"};
    }

    private void signInAs(Actor.Role role) {
        signInAs(person(role, "PGLAB"));
    }

    private List<String> collected(int n) {
        return db.sql("select barcode from specimen where status = 'COLLECTED' order by barcode limit ?").param(n).query(String.class).list();
    }

    @Test
    void item9ReceptionReceivesAgainAfterARejectionFindsALowerCaseBarcodeAndSoundsAndSaysARefusal() {
        List<String> tubes = collected(4);
        signInAs(Actor.Role.SCIENTIST);
        browser.open("/reception");
        // Count the tones the page plays.
        script("window.tones = 0; const make = AudioContext.prototype.createOscillator;"
                + "AudioContext.prototype.createOscillator = function () { window.tones++; return make.call(this); };");
        WebElement field = browser.find("#barcode");

        browser.find("label[for=mode-reject]").click();
        new Select(browser.find("#reason")).selectByValue("HAEMOLYSED");
        field.sendKeys(tubes.get(0) + Keys.ENTER);
        browser.waitForText("[data-testid=scan-result]", "Rejected: Haemolysed");
        // The next tube is received: the form went back to receiving on its own.
        assertThat(browser.find("#mode-receive").isSelected()).isTrue();
        field.sendKeys(tubes.get(1) + Keys.ENTER);
        browser.waitForText("[data-testid=scan-result]", tubes.get(1));
        assertThat(browser.text("[data-testid=scan-result]")).startsWith("Received");

        // Caps Lock on the scanner: the lower-case barcode finds the tube.
        field.sendKeys(tubes.get(2).toLowerCase() + Keys.ENTER);
        browser.waitForText("[data-testid=scan-result]", tubes.get(2));
        SpecimenReception reception = lab.bean(SpecimenReception.class);
        assertThat(reception.byBarcode(tubes.get(0)).status()).isEqualTo(Specimen.Status.REJECTED);
        assertThat(reception.byBarcode(tubes.get(1)).status()).isEqualTo(Specimen.Status.RECEIVED);
        assertThat(reception.byBarcode(tubes.get(2)).status()).isEqualTo(Specimen.Status.RECEIVED);

        // A failed scan sounds and is said beside the field.
        field.sendKeys("NOSUCHTUBE1" + Keys.ENTER);
        browser.waitFor("[data-testid=barcode-error]");
        assertThat(browser.text("[data-testid=barcode-error]")).contains("No specimen with barcode NOSUCHTUBE1");
        assertThat(((Number) script("return window.tones")).intValue()).isEqualTo(1);
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(field);
        browser.check("bd-01-reception-refused");

        // No reason: said in words beside the reason, and the scan kept for when one is chosen.
        browser.find("label[for=mode-reject]").click();
        field.sendKeys(tubes.get(3) + Keys.ENTER);
        browser.waitFor("[data-testid=reason-error]");
        assertThat(browser.text("[data-testid=reason-error]"))
                .contains("Choose why the specimen is rejected: unlabelled, haemolysed, wrong container, insufficient or clotted")
                .doesNotContain("[");
        assertThat(field.getAttribute("value")).isEqualTo(tubes.get(3));
        assertThat(((Number) script("return window.tones")).intValue()).isEqualTo(2);
        new Select(browser.find("#reason")).selectByValue("CLOTTED");
        field.sendKeys(Keys.ENTER);
        browser.waitForText("[data-testid=scan-result]", "Rejected: Clotted");
        assertThat(browser.find("[data-testid=reason-error]").isDisplayed()).isFalse();
        assertThat(reception.byBarcode(tubes.get(3)).status()).isEqualTo(Specimen.Status.REJECTED);
    }

    @Test
    void item10AScanThatRunsOnIsCutToALabelsLengthAndTheLayoutHolds() {
        signInAs(Actor.Role.SCIENTIST);
        browser.open("/reception");
        WebElement field = browser.find("#barcode");
        String runOn = "7".repeat(3000);
        script("arguments[0].focus();", field);
        field.sendKeys(runOn.substring(0, 200));
        assertThat(field.getAttribute("value")).hasSize(32);
        field.sendKeys(Keys.ENTER);
        browser.waitFor("[data-testid=barcode-error]");
        assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();

        // Result entry: the barcode and the values are limited, and a too-long address is said beside the field.
        browser.open("/results/entry?barcode=" + runOn);
        assertThat(browser.text("[data-testid=barcode-error]")).contains("A barcode has at most 32 characters; this scan had 3000");
        assertThat(browser.find("#barcode").getAttribute("maxlength")).isEqualTo("32");
        assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        browser.check("bd-02-result-entry-too-long");
    }

    @Test
    void item3ABloodGroupIsChosenFromItsListAndAnythingElseIsRefusedBesideTheField() {
        String tube = db.sql("""
                select s.barcode from specimen s join order_test t on t.order_id = s.order_id and t.test_code = 'GRP'
                where s.status = 'RECEIVED' and s.specimen_type = 'EDTA'
                  and not exists (select 1 from result r where r.specimen_id = s.id and r.analyte_code = 'ABORH')
                order by s.barcode limit 1""").query(String.class).single();
        signInAs(Actor.Role.SCIENTIST);
        browser.open("/results/entry?barcode=" + tube);
        WebElement group = browser.find("#value-ABORH");
        assertThat(group.getTagName()).isEqualTo("select");
        assertThat(new Select(group).getOptions()).extracting(WebElement::getText)
                .contains("O RhD positive", "O RhD negative", "AB RhD negative");
        browser.check("bd-03-result-entry-blood-group");

        // Sent past the list (an edited page or a script): refused beside the field, nothing recorded.
        script("const o = document.createElement('option'); o.value = 'banana'; o.text = 'banana'; arguments[0].add(o); arguments[0].value = 'banana';", group);
        browser.find("form[action^='/results/entry/'] button").click();
        assertThat(browser.text("[data-testid=error-ABORH]")).contains("ABO and RhD blood group must be one of: O RhD positive");
        assertThat(db.sql("select count(*) from result r join specimen s on s.id = r.specimen_id where s.barcode = ? and r.analyte_code = 'ABORH'")
                .param(tube).query(Long.class).single()).isZero();

        new Select(browser.find("#value-ABORH")).selectByVisibleText("A RhD negative");
        browser.find("form[action^='/results/entry/'] button").click();
        assertThat(browser.text("[data-testid=entered]")).contains("ABORH: A RhD negative");
    }

    @Test
    void criticalResultsOverdueAreEscalatedAndPhonedWithTheDirectoryAttemptsAndNameAndRole() {
        CriticalResults criticals = lab.bean(CriticalResults.class);
        CriticalResults.Alert alert = criticals.list(true).getFirst();

        // The lab manager sets whom to phone for the requester; a wrong number is said beside its field, the rest kept.
        signInAs(Actor.Role.LAB_MANAGER);
        browser.open("/critical/contacts");
        browser.find("#requesterOds").sendKeys(alert.requesterOds());
        browser.find("#name").sendKeys("Ward 7 nurses' station");
        browser.find("#phone").sendKeys("ring the ward");
        browser.find("#bleep").sendKeys("4412");
        new Select(browser.find("#setting")).selectByVisibleText("ward");
        browser.find("[data-testid=contact-form] button").click();
        assertThat(browser.text("[data-testid=phone-error]")).contains("Phone number must be digits as dialled");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("Ward 7 nurses' station");
        assertThat(new Select(browser.find("#setting")).getFirstSelectedOption().getText()).isEqualTo("ward");
        browser.find("#phone").clear();
        browser.find("#phone").sendKeys("020 7188 7188");
        browser.find("[data-testid=contact-form] button").click();
        assertThat(browser.text("[data-testid=contacts]")).contains(alert.requesterOds(), "Ward 7 nurses' station", "ward", "020 7188 7188", "4412");
        assertThat(db.sql("select setting from requester_contact where requester_ods = ?").param(alert.requesterOds())
                .query(String.class).single()).isEqualTo("WARD");
        browser.check("bd-04-contact-directory");
        assertThat(db.sql("select count(*) from event_log where event_type = 'RequesterContactSet'").query(Long.class).single()).isEqualTo(1);

        // Past its time: the home banner and the critical screen say to escalate to the duty biochemist.
        signInAs(Actor.Role.SCIENTIST);
        browser.open("/");
        assertThat(browser.text("[data-testid=overdue-criticals]")).contains("overdue, escalate to the duty biochemist");
        browser.open("/critical");
        assertThat(browser.text("[data-testid=overdue-criticals]")).contains("escalate to the duty biochemist");
        WebElement row = browser.find("[data-testid=open-alert][data-accession='" + alert.accession() + "']");
        assertThat(row.getText()).contains("Overdue by", "Tel 020 7188 7188", "Bleep 4412");
        browser.check("bd-05-critical-open-alerts");
        row.findElement(org.openqa.selenium.By.cssSelector("[data-testid=phone-link]")).click();

        // A call that reached no one is recorded, and counted in the table.
        new Select(browser.find("#outcome")).selectByValue("NO_ANSWER");
        browser.find("[data-testid=attempt-form] button").click();
        // The answer is a new page: wait for it rather than read the old one's table as it goes.
        browser.waitForText("[data-testid=attempts]", "No answer");
        assertThat(browser.text("[data-testid=attempts]")).contains("Ward 7 nurses' station", "No answer");
        new Select(browser.find("#outcome")).selectByValue("ESCALATED");
        browser.find("#called").clear();
        browser.find("#called").sendKeys("Dr A Mensah, duty biochemist");
        browser.find("[data-testid=attempt-form] button").click();
        browser.waitForText("[data-testid=attempts]", "Escalated");
        assertThat(criticals.attempts(alert.id())).hasSize(2);

        // Without the read-back, and with a time in the future: both said beside their fields, what was typed kept.
        browser.find("#toldName").sendKeys("J Okafor");
        browser.find("#toldRole").sendKeys("Staff nurse, ward 7");
        script("arguments[0].value = '2099-01-01T10:00';", browser.find("#toldAt"));
        browser.find("[data-testid=call-form] button").click();
        assertThat(browser.text("[data-testid=readBack-error]")).contains("read the value back");
        assertThat(browser.find("#toldName").getAttribute("value")).isEqualTo("J Okafor");
        browser.find("label[for=readBack]").click();
        browser.find("[data-testid=call-form] button").click();
        assertThat(browser.text("[data-testid=toldAt-error]")).isEqualTo("The time of the call is later than now: enter the time the call was made (UK time)");
        assertThat(browser.find("#toldRole").getAttribute("value")).isEqualTo("Staff nurse, ward 7");
        browser.check("bd-06-critical-call-refused");
        assertThat(criticals.get(alert.id()).status()).isEqualTo("OPEN");

        script("arguments[0].value = '';", browser.find("#toldAt"));
        browser.find("[data-testid=call-form] button").click();
        assertThat(browser.text("[data-testid=notice]")).contains("Call recorded for " + alert.accession());
        CriticalResults.Alert phoned = criticals.get(alert.id());
        assertThat(phoned.toldName()).isEqualTo("J Okafor");
        assertThat(phoned.toldRole()).isEqualTo("Staff nurse, ward 7");
        assertThat(browser.all("[data-testid=open-alert][data-accession='" + alert.accession() + "']")).isEmpty();
    }
}
