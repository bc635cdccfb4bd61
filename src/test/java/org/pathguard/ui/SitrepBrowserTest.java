package org.pathguard.ui;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;
import org.pathguard.demo.DemoIncident;
import org.pathguard.lab.LabTime;
import org.pathguard.sitrep.Sitrep;
import org.pathguard.sitrep.SitrepPeriod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sitrep screen in Chromium on a demo day with an incident declared and confirmed, the requesters' settings
 * recorded and the incident cell's figures entered: what the README's screenshot shows.
 */
class SitrepBrowserTest extends ScreensOnADemoDay {

    private final String today = LocalDate.now(LabTime.ZONE).toString();

    @Override
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        List<DemoDay.SyntheticPatient> people = super.seed(day);
        lab.bean(DemoIncident.class).declare();
        return people;
    }

    @Test
    void aLabManagerSeesEveryTableWithItsMethodTheChartsInWordsAndTheFiles() {
        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/");
        assertThat(browser.all("header nav a").stream().map(WebElement::getText)).contains("Sitrep");
        browser.open("/sitrep");

        assertThat(browser.text("[data-testid=sitrep-incident]")).contains("Ransomware on the LIS", "confirmed by cs.authoriser",
                "in force");
        List<WebElement> tables = browser.all("[data-testid=sitrep-table]");
        assertThat(tables.stream().map(t -> t.getAttribute("data-section")))
                .containsExactlyInAnyOrder(java.util.Arrays.stream(Sitrep.Section.values()).map(Enum::name).toArray(String[]::new));
        for (WebElement table : tables) {
            assertThat(table.findElement(org.openqa.selenium.By.cssSelector("[data-testid=method]")).getText())
                    .as(table.getAttribute("data-section")).startsWith("How computed:").hasSizeGreaterThan("How computed: ".length() + 10);
        }
        // The incident cell's figures sit beside the lab's own capacity.
        assertThat(browser.text("[data-testid=lab-own]")).contains("Capacity as a share of normal", today);
        assertThat(browser.text("[data-testid=incident-cell]")).contains("Guy's and St Thomas' NHS Foundation Trust",
                "elective procedures postponed", "312", "days of O-negative red cells in stock", "2.5", "Blood bank stock count 07:30");
        // Turnaround is measured per setting now that the requesters' settings are recorded.
        assertThat(browser.text("[data-section=TURNAROUND]")).contains("emergency department", "GP practice");

        // A chart's title is not drawn (its heading is): read it as a screen reader does.
        assertThat(browser.find("[data-testid=chart-capacity] svg title").getAttribute("textContent")).isEqualTo("Capacity as a share of normal");
        assertThat(browser.find("[data-testid=chart-turnaround] svg desc").getAttribute("textContent")).contains("Emergency department",
                "target 1 h 00 min");
        assertThat(browser.all("[data-testid=chart-capacity] .normal-label")).extracting(WebElement::getText).containsExactly("normal (100%)");
        // A day's backlog is counted at 06:00, 12:00, 18:00 and midnight, UK time: before six in the morning today has
        // no point yet, and the chart says so rather than drawing nothing.
        if (new SitrepPeriod(SitrepPeriod.Length.DAY, LocalDate.parse(today)).backlogPoints(java.time.Instant.now()).isEmpty()) {
            assertThat(browser.find("[data-testid=chart-backlog] .empty").getText()).isEqualTo("No backlog points in this period");
        } else {
            assertThat(browser.all("[data-testid=chart-backlog] .legend")).extracting(WebElement::getText)
                    .containsExactly("Received, not reported (solid, circles)", "Deferred: not known here");
        }
        assertThat(browser.all("[data-testid=chart-turnaround] .target-label")).extracting(WebElement::getText)
                .contains("target 1 h 00 min", "target 24 h 00 min");
        assertThat(browser.all("[data-testid=chart-turnaround] .unacceptable-label")).extracting(WebElement::getText)
                .contains("unacceptable 2 h 00 min", "unacceptable 48 h 00 min");

        Map<String, String> types = Map.of("CSV", "text/csv", "JSON", "application/json", "PDF", "application/pdf");
        for (WebElement link : browser.all("[data-testid=sitrep-files] a")) {
            String format = link.getAttribute("data-format");
            assertThat(link.getAttribute("href")).contains("period=day", "from=" + today, "subject=PGLAB");
            // Fetched with the page's own session: each file is there, in its type.
            Object answer = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                    "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('Content-Type')))",
                    link.getAttribute("href"));
            assertThat(answer.toString()).as(format).startsWith("200 " + types.get(format));
        }
        assertThat(types.keySet()).hasSize(browser.all("[data-testid=sitrep-files] a").size());
        browser.check("sitrep");
    }

    @Test
    void aWeekAndAFirstDayTypedWrongIsSaidBesideItsFieldWithWhatWasTypedKept() {
        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));
        browser.open("/sitrep");
        new Select(browser.find("#period")).selectByValue("week");
        browser.find("#from").clear();
        browser.find("#from").sendKeys("7/12/2026");
        browser.find("[data-testid=show-sitrep]").click();
        browser.waitFor("[data-testid=error-from]");
        assertThat(browser.text("[data-testid=error-from]")).contains("2026-12-07");
        assertThat(browser.find("#from").getAttribute("value")).isEqualTo("7/12/2026");
        assertThat(new Select(browser.find("#period")).getFirstSelectedOption().getAttribute("value")).isEqualTo("week");
        assertThat(browser.all("[data-testid=sitrep-table]")).isEmpty();
        browser.check("sitrep-refused-day");

        String monday = LocalDate.now(LabTime.ZONE).minusDays(6).toString();
        browser.find("#from").clear();
        browser.find("#from").sendKeys(monday);
        browser.find("[data-testid=show-sitrep]").click();
        browser.waitFor("[data-testid=sitrep-table]");
        assertThat(browser.path()).startsWith("/sitrep?");
        assertThat(browser.text("h1")).contains("week " + monday + " to " + today);
        assertThat(browser.all("[data-testid=chart-capacity] .tick-x")).hasSize(7);
    }

    @Test
    void aRequesterIsRefusedTheScreenAndNotOfferedIt() {
        signInAs(person(Actor.Role.REQUESTER, "G85001"));
        assertThat(browser.all("header nav a").stream().map(WebElement::getText)).doesNotContain("Sitrep");
        browser.open("/sitrep");
        assertThat(browser.text("[data-testid=refusal]")).contains("Not allowed");
        assertThat(browser.all("[data-testid=sitrep-table]")).isEmpty();
    }
}
