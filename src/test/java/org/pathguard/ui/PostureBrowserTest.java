package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.pathguard.Api;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.demo.DemoDay;
import org.pathguard.posture.Posture;
import org.pathguard.posture.PostureReport;
import org.pathguard.posture.Reading;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security posture screen in Chromium: the lab manager and the privacy officer see each CAF outcome with its rating
 * and every indicator's finding, evidence and time; every other person and every machine is refused it.
 */
class PostureBrowserTest extends ScreensOnADemoDay {

    @Override
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        return day.seed(20, 7, 1);
    }

    private PostureReport report() {
        return lab.bean(Posture.class).report(new Actor("posture.reader", Actor.Role.LAB_MANAGER, "PGLAB", null));
    }

    @Test
    void theLabManagerSeesEveryOutcomeWithItsRatingAndEachIndicatorsFinding() {
        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/");
        assertThat(browser.all("header nav a").stream().map(WebElement::getText)).contains("Security posture");
        browser.open("/posture");
        PostureReport report = report();
        List<WebElement> outcomes = browser.all("[data-testid=outcome]");
        assertThat(outcomes).extracting(o -> o.getAttribute("data-outcome"))
                .containsExactlyElementsOf(report.outcomes().stream().map(o -> o.outcome().code()).toList());
        for (var outcome : report.outcomes()) {
            WebElement shown = browser.find("[data-testid=outcome][data-outcome='" + outcome.outcome().code() + "']");
            assertThat(shown.getAttribute("data-rating")).isEqualTo(outcome.rating().name());
            for (Reading reading : outcome.readings()) {
                WebElement row = shown.findElement(org.openqa.selenium.By.cssSelector("[data-indicator='" + reading.indicator().id() + "']"));
                assertThat(row.getText()).contains(reading.indicator().title());
                assertThat(row.getAttribute("data-kind")).isEqualTo(reading.indicator().kind().name());
            }
        }
        browser.check("posture");
    }

    @Test
    void everyOtherPersonAndEveryMachineIsRefusedTheScreenAndNotOfferedIt() {
        for (Actor.Role role : List.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.ADMINISTRATOR, Actor.Role.REQUESTER)) {
            Accounts.Secrets s = person(role, role == Actor.Role.REQUESTER ? "G85001" : "PGLAB");
            signInAs(s);
            assertThat(browser.all("header nav a").stream().map(WebElement::getText)).as(role.name()).doesNotContain("Security posture");
            browser.open("/posture");
            assertThat(browser.text("[data-testid=refusal]")).as(role.name()).contains("needs one of the roles");
            assertThat(browser.all("[data-testid=outcome]")).isEmpty();
        }
        String credential = lab.bean(Accounts.class).issueCredential(Actor.SYSTEM, "posture.machine", "PGLAB", List.copyOf(Scope.NAMES)).token();
        Api.Response machine = Api.machine(lab.port(), credential).get("/posture");
        assertThat(machine.status()).isIn(401, 403);
        assertThat(machine.body()).doesNotContain("data-testid=\"outcome\"");
    }
}
