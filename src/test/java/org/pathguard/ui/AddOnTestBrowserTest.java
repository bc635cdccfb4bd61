package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Add-on tests from the validation queue in a real browser (issue 14, what scientists and pathologists were missing):
 * looking at a held result, the pathologist adds another test to the same order, to be done on the specimen already
 * in the lab; a refusal shows beside the choice with what was typed kept, and the added test shows in the whole
 * specimen and as outstanding work on the worklist.
 */
class AddOnTestBrowserTest extends ScreensOnADemoDay {

    @Override
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        return day.seed(200, 14, 2);
    }

    private int outstandingIn(String department) {
        browser.open("/");
        String heading = browser.text("[data-department='" + department + "'] h2");
        return Integer.parseInt(heading.substring(heading.lastIndexOf('(') + 1, heading.lastIndexOf(')')));
    }

    @Test
    void aPathologistAddsATestToTheSpecimenOfAHeldResultAndSeesItInThePanelAndTheWorklist() {
        Accounts.Secrets pathologist = lab.bean(Accounts.class).createEnrolled(Actor.SYSTEM, "addon.pathologist", Actor.Role.AUTHORISER, "PGLAB");
        browser.open("/");
        browser.signIn(pathologist.username(), pathologist.password(), pathologist.totpSecret());

        browser.open("/validation?test=UE");
        WebElement row = browser.find("[data-result-row]");
        UUID id = UUID.fromString(row.getAttribute("data-result-id"));
        row.findElement(By.cssSelector("[data-panel-toggle]")).click();
        browser.waitFor("#panel-" + id + " [data-testid=add-on]");

        // Nothing chosen: the reason beside the choice, and the reason typed kept.
        browser.find("#panel-" + id + " [data-add-on-reason]").sendKeys("Clinician phoned: query infection");
        browser.find("#panel-" + id + " [data-add-on-submit]").click();
        browser.waitForText("#panel-" + id + " [data-testid=add-on-error]", "Choose the test to add");
        assertThat(browser.find("#panel-" + id + " [data-add-on-reason]").getAttribute("value")).isEqualTo("Clinician phoned: query infection");
        browser.check("addon-nothing-chosen");

        // Only tests that suit this specimen and are not already ordered are offered.
        String accession = db.sql("select o.accession from result r join lab_order o on o.id = r.order_id where r.id = ?")
                .param(id).query(String.class).single();
        Select choice = new Select(browser.find("#panel-" + id + " [data-add-on-test]"));
        var offered = choice.getOptions().stream().map(o -> o.getAttribute("value")).filter(v -> !v.isEmpty()).toList();
        Catalogue catalogue = lab.bean(Catalogue.class);
        assertThat(offered).isNotEmpty().doesNotContain("UE", "FBC", "COAG", "GLU")
                .allSatisfy(code -> assertThat(catalogue.test(code).specimenType()).isEqualTo("SER"));
        LabTest added = catalogue.test(offered.contains("CRP") ? "CRP" : offered.getFirst());
        int before = outstandingIn(added.department());

        browser.open("/validation?test=UE");
        browser.find("[data-result-id='" + id + "'] [data-panel-toggle]").click();
        browser.waitFor("#panel-" + id + " [data-testid=add-on]");
        new Select(browser.find("#panel-" + id + " [data-add-on-test]")).selectByValue(added.code());
        browser.find("#panel-" + id + " [data-add-on-reason]").sendKeys("Clinician phoned: query infection");
        browser.find("#panel-" + id + " [data-add-on-submit]").click();
        browser.waitForText("#panel-" + id + " [data-testid=add-on-added]", added.name() + " added to " + accession);
        assertThat(browser.text("#panel-" + id + " [data-panel-waiting][data-test-code='" + added.code() + "']"))
                .contains(added.name()).contains("waiting for its result");
        assertThat(new Select(browser.find("#panel-" + id + " [data-add-on-test]")).getOptions())
                .noneMatch(o -> added.code().equals(o.getAttribute("value")));
        assertThat(db.sql("select count(*) from order_test t join lab_order o on o.id = t.order_id where o.accession = ? and t.test_code = ?")
                .params(accession, added.code()).query(Integer.class).single()).isEqualTo(1);
        browser.check("addon-added");

        // The worklist has one more test to do in that department: the added one, on the specimen already received.
        assertThat(outstandingIn(added.department())).isEqualTo(before + 1);
    }
}
