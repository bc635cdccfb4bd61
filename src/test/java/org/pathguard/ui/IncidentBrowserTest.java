package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;
import org.pathguard.lab.LabTime;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incident on the screens: a lab manager declares it (a summary that says nothing is answered beside its box, what was
 * typed kept), every screen of every signed-in person then carries the banner, "awaiting a second person's confirmation"
 * until an authoriser confirms; the figures form answers each problem beside its field with what was typed kept and
 * writes nothing, then records the figure; the close takes a second person, after which the banner is gone and the
 * incident is in the past incidents. Every incident page passes axe.
 */
class IncidentBrowserTest extends ScreensOnADemoDay {

    private static final DateTimeFormatter UK_DAY = DateTimeFormatter.ofPattern("d/M/uuuu");

    @Override
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        return day.seed(20, 17, 2);
    }

    private long incidentEvents() {
        return db.sql("select count(*) from event_log where stream_id like 'incident:%'").query(Long.class).single();
    }

    private void type(String css, String text) {
        browser.find(css).clear();
        browser.find(css).sendKeys(text);
    }

    @Test
    void anIncidentIsDeclaredShownOnEveryScreenGivenFiguresAndClosedByTwoPeople() {
        var manager = person(Actor.Role.LAB_MANAGER, "PGLAB");
        signInAs(manager);
        browser.open("/incident");
        assertThat(browser.text("[data-testid=no-incident]")).contains("No incident is in force");
        assertThat(browser.all("[data-testid=incident-banner]")).isEmpty();

        type("#summary", "LIS down");
        browser.find("[data-testid=declare-button]").click();
        assertThat(browser.waitFor("[data-testid=error-summary]").getText()).contains("must say why in words");
        assertThat(browser.find("#summary").getAttribute("value")).isEqualTo("LIS down");
        assertThat(incidentEvents()).isZero();
        browser.check("incident-declare-error");

        type("#summary", "Ransomware on the LIS: analysers offline, urgent work referred to partners");
        browser.find("[data-testid=declare-button]").click();
        browser.waitFor("[data-testid=current]");
        assertThat(browser.text("[data-testid=incident-banner]")).startsWith("Incident in force since")
                .contains("Ransomware on the LIS").contains("awaiting a second person's confirmation");
        assertThat(browser.text("[data-testid=confirmed]")).contains("awaiting a second person");
        assertThat(browser.all("[data-testid=confirm-button]")).as("not offered to the one who declared it").isEmpty();
        browser.check("incident-declared");

        // The figures form: every problem beside its field, what was typed kept, nothing written.
        LocalDate today = LocalDate.now(LabTime.ZONE);
        long before = incidentEvents();
        type("#organisationOds", "RJ1");
        type("#organisationName", "Guy's and St Thomas' NHS Foundation Trust");
        type("#day", today.plusDays(2).format(UK_DAY));
        new Select(browser.find("#kind")).selectByValue("OUTPATIENT_APPOINTMENTS_POSTPONED");
        type("#value", "2.5");
        browser.find("#source").clear();
        browser.submitWith("[data-testid=enter-figure]");
        browser.waitFor("[data-testid=field-errors]");
        assertThat(browser.text("[data-testid=error-day]")).contains("has not happened yet");
        assertThat(browser.text("[data-testid=error-value]")).contains("whole number");
        assertThat(browser.text("[data-testid=error-source]")).contains("Enter where the figure came from");
        assertThat(browser.all("[data-testid=error-organisationOds]")).isEmpty();
        assertThat(browser.find("#organisationOds").getAttribute("value")).isEqualTo("RJ1");
        assertThat(browser.find("#day").getAttribute("value")).isEqualTo(today.plusDays(2).format(UK_DAY));
        assertThat(browser.find("#value").getAttribute("value")).isEqualTo("2.5");
        assertThat(new Select(browser.find("#kind")).getFirstSelectedOption().getAttribute("value")).isEqualTo("OUTPATIENT_APPOINTMENTS_POSTPONED");
        assertThat(incidentEvents()).isEqualTo(before);
        browser.check("incident-figure-errors");

        type("#day", "not a day");
        type("#value", "minus three");
        // The page before still shows a day error ("has not happened yet"): read the new one only once the new page is in.
        browser.submitWith("[data-testid=enter-figure]");
        assertThat(browser.text("[data-testid=error-day]")).contains("day/month/year");
        assertThat(browser.text("[data-testid=error-value]")).contains("as a number");
        assertThat(browser.find("#value").getAttribute("value")).isEqualTo("minus three");

        type("#day", today.format(UK_DAY));
        type("#value", "240");
        type("#source", "trust bed meeting 08:00");
        browser.submitWith("[data-testid=enter-figure]");
        browser.waitFor("[data-testid=figure]");
        assertThat(browser.text("[data-testid=notice]")).contains("Recorded");
        assertThat(browser.text("[data-testid=figure]")).contains("RJ1").contains("outpatient appointments postponed").contains("240")
                .contains("trust bed meeting 08:00");
        assertThat(incidentEvents()).isEqualTo(before + 1);

        // Another person, another screen: the banner is there too.
        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));
        browser.open("/reception");
        assertThat(browser.text("[data-testid=incident-banner]")).contains("Ransomware on the LIS")
                .contains("awaiting a second person's confirmation");
        assertThat(browser.all("[data-testid=incident-banner] a")).as("a scientist has no incident screen link").isEmpty();
        browser.check("incident-banner-reception");

        signInAs(person(Actor.Role.AUTHORISER, "PGLAB"));
        browser.open("/incident");
        browser.find("[data-testid=confirm-button]").click();
        assertThat(browser.waitFor("[data-testid=notice]").getText()).contains("Incident confirmed");
        assertThat(browser.text("[data-testid=incident-banner]")).contains("Ransomware on the LIS")
                .doesNotContain("awaiting a second person");
        assertThat(browser.all("[data-testid=propose-close]")).as("an authoriser confirms; managers propose the close").isEmpty();

        signInAs(manager);
        browser.open("/incident");
        type("#closingSummary", "LIS restored from backup and verified; backlog cleared");
        browser.find("[data-testid=propose-close-button]").click();
        assertThat(browser.waitFor("[data-testid=close-proposed]").getText()).contains("awaiting a second person");
        assertThat(browser.all("[data-testid=incident-banner]")).as("in force until the close is confirmed").hasSize(1);
        assertThat(browser.all("[data-testid=confirm-close-button]")).as("not offered to the one who proposed it").isEmpty();

        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/incident");
        browser.find("[data-testid=confirm-close-button]").click();
        assertThat(browser.waitFor("[data-testid=notice]").getText()).contains("the incident is over");
        assertThat(browser.all("[data-testid=incident-banner]")).isEmpty();
        assertThat(browser.text("[data-testid=past-incident]")).contains("Ransomware on the LIS")
                .contains("LIS restored from backup and verified");
        browser.check("incident-closed");
    }
}
