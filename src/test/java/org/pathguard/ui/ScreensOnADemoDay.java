package org.pathguard.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PathGuard of the test class's own, seeded with a synthetic lab day through the lab's services,
 * and Debian's Chromium driving its screens: what every browser test class starts from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScreensOnADemoDay {

    private static final AtomicInteger PEOPLE = new AtomicInteger();

    protected StandaloneLab lab;
    protected Browser browser;
    protected JdbcClient db;
    protected List<DemoDay.SyntheticPatient> patients;

    /** The day the class's tests work on: 120 patients unless a class needs more (a queue past one page). */
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        return day.seed(120, 11, 2);
    }

    /** Settings beyond a standalone lab's own. */
    protected String[] settings() {
        return new String[0];
    }

    @BeforeAll
    void startLab() throws Exception {
        lab = StandaloneLab.startTemporary("pathguard-ui-", settings());
        patients = seed(lab.bean(DemoDay.class));
        db = lab.bean(JdbcClient.class);
        browser = new Browser(lab.port());
    }

    @AfterAll
    void stopLab() {
        if (browser != null) {
            browser.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** A new enrolled person for one test (a TOTP step signs in only once per account). */
    protected Accounts.Secrets person(Actor.Role role, String organisation) {
        return lab.bean(Accounts.class).createEnrolled(Actor.SYSTEM, "ui." + role.name().toLowerCase().replace('_', '-')
                + PEOPLE.incrementAndGet(), role, organisation);
    }

    protected void signInAs(Accounts.Secrets s) {
        browser.open("/");
        browser.driver().manage().deleteAllCookies();
        browser.signIn(s.username(), s.password(), s.totpSecret());
    }

    protected Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(js, args);
    }
}
