package org.pathguard.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;
import org.pathguard.lab.Sex;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy officer's breach scan screen in Chromium: a refused path said beside its field with what was typed kept,
 * the scan's progress bar while it reads, then what it found, the outputs, and the notification list approved by a
 * second privacy officer and downloaded by the first.
 */
class BreachBrowserTest extends ScreensOnADemoDay {

    private Path dumps;

    @Override
    protected String[] settings() {
        try {
            dumps = Files.createTempDirectory("pathguard-dumps-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // One worker, so the scan of the filler files below is still reading when its page first opens.
        return new String[]{"--pathguard.breach.roots=" + dumps, "--pathguard.breach.workers=1"};
    }

    @Override
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        return day.seed(20, 7, 1);
    }

    @AfterAll
    void removeDumps() throws IOException {
        FileSystemUtils.deleteRecursively(dumps);
    }

    /**
     * The progress fragment's words (all of it, its rate, its figures done; "" for a part not shown yet), or null once the
     * scan has stopped. Read in one go in the page: the poll swaps the fragment every second, so an element found here
     * could be replaced before its text was read.
     */
    @SuppressWarnings("unchecked")
    private List<String> progressShown() {
        return (List<String>) script("""
                const words = id => document.querySelector("[data-testid=" + id + "]")?.textContent.replace(/\\s+/g, " ").trim();
                return words("progress") === undefined ? null : [words("progress"), words("progress-rate") ?? "", words("progress-done") ?? ""];""");
    }

    /** One real patient (the demo day's are in the 999 test range: test patients, never listed). */
    private Patient patient() {
        while (true) {
            var n = org.pathguard.lab.NhsNumber.withCheckDigit("6" + String.format("%08d", new java.util.Random().nextInt(100_000_000)));
            if (n.isPresent()) {
                return lab.bean(PatientRegistry.class).register(new Actor("ward.clerk", Actor.Role.INTERFACE, "G85001", null),
                        new Registration(n.get().value(), null, "Quartermaine", "Rosalind", LocalDate.of(1957, 11, 2), Sex.FEMALE, "SE5 9RS"));
            }
        }
    }

    /** A shared drive's leftovers: a letter naming one of the lab's patients, and text files enough to take a while. */
    private Path leakedDrive(Patient patient) throws Exception {
        Path drive = Files.createDirectories(dumps.resolve("leak-2024/shared"));
        String nhs = patient.nhsNumber();
        Files.writeString(drive.resolve("letter.txt"), "Dear Dr Shah,\nRe: " + patient.givenName() + " " + patient.familyName()
                + ", DOB " + patient.dateOfBirth().format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"))
                + ", NHS No " + nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6) + "\nPotassium 6.9 mmol/L\n");
        byte[] filler = "Minutes of the estates meeting: the car park barrier is fixed and the lifts are serviced.\n"
                .repeat(48_000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 48; i++) {
            Files.write(drive.resolve("minutes-" + i + ".txt"), filler);
        }
        return drive.getParent();
    }

    @Test
    void thePrivacyOfficerScansADumpWatchesItReadAndGetsTheNotificationListApprovedByASecondPerson() throws Exception {
        Patient patient = patient();
        Path dump = leakedDrive(patient);
        Accounts.Secrets officer = person(Actor.Role.AUDITOR, "PGLAB");
        signInAs(officer);
        browser.open("/");
        assertThat(browser.all("header nav a").stream().map(WebElement::getText)).contains("Breach scan");
        browser.open("/breach");
        assertThat(browser.text("[data-testid=roots]")).isEqualTo(dumps.toString());

        browser.find("#caseReference").sendKeys("ICO-2026-0412");
        browser.find("#paths").sendKeys(dumps + "/../etc");
        browser.submitWith("[data-testid=start]");
        assertThat(browser.text("[data-testid=paths-error]")).contains("outside the directories configured for leaked dumps");
        assertThat(browser.find("#caseReference").getAttribute("value")).as("what was typed is kept").isEqualTo("ICO-2026-0412");
        assertThat(browser.find("#paths").getAttribute("value")).isEqualTo(dumps + "/../etc");
        assertThat(db.sql("select count(*) from breach_scan").query(Integer.class).single()).as("nothing started").isZero();
        browser.check("breach-refused-path");

        browser.find("#paths").clear();
        browser.find("#paths").sendKeys(dump.toString());
        browser.submitWith("[data-testid=start]");
        assertThat(browser.path()).startsWith("/breach/");
        browser.waitFor("[data-testid=progress-bar]");
        List<String> started = progressShown();
        if (started != null) {
            assertThat(started.getFirst()).contains("Reading the dump");
        }
        // The bar fills as the poll brings the scan's figures; a fast machine may finish first (the words are BreachProgressTest's).
        new WebDriverWait(browser.driver(), Duration.ofMinutes(3)).until(d -> {
            List<String> shown = progressShown();
            return shown == null || !shown.get(1).isEmpty();
        });
        List<String> reading = progressShown();
        if (reading != null) {
            assertThat(reading.get(1)).endsWith("MB/s");
            assertThat(reading.get(2)).contains("MB of", "files");
            browser.check("breach-progress");
        }

        // The poll reloads the page when the scan stops: the findings appear without a click.
        new WebDriverWait(browser.driver(), Duration.ofMinutes(3)).until(d -> !browser.all("[data-testid=results]").isEmpty());
        assertThat(browser.all("[data-testid=progress]")).isEmpty();
        assertThat(browser.text("[data-testid=confirmed]")).isEqualTo("1");
        assertThat(browser.text("[data-testid=files]")).startsWith("49 files");
        assertThat(browser.all("[data-testid=outputs] a")).extracting(WebElement::getText)
                .containsExactly("summary.pdf", "affected-patients.csv", "files.csv", "summary.json");
        assertThat(browser.find("main").getText()).doesNotContain(patient.nhsNumber(), patient.familyName());
        String scanPage = browser.path();
        browser.check("breach-results");

        browser.submitWith("[data-testid=request-list]");
        assertThat(browser.text("[data-testid=purpose-error]")).contains("at least 10 characters");
        browser.find("#purpose").sendKeys("Letters to the patients in the 2024 leak");
        browser.submitWith("[data-testid=request-list]");
        browser.waitFor("[data-testid=list][data-state=AWAITING_APPROVAL]");
        assertThat(browser.all("[data-testid=approve]")).as("nobody approves their own list").isEmpty();
        assertThat(browser.text("[data-testid=list]")).contains("Waiting for a second person");

        signInAs(person(Actor.Role.AUDITOR, "PGLAB"));
        browser.open(scanPage);
        browser.submitWith("[data-testid=approve]");
        browser.waitFor("[data-testid=list][data-state=APPROVED]");
        assertThat(browser.all("[data-testid=download-list]")).as("the list is for the person who asked").isEmpty();

        signInAs(officer);
        browser.open(scanPage);
        WebElement download = browser.find("[data-testid=download-list]");
        String action = download.findElement(org.openqa.selenium.By.xpath("./ancestor::form")).getAttribute("action");
        // Posted with the page's own session and CSRF token, as the button does, to read the file the browser would save.
        Object list = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = new FormData(document.querySelector("[data-testid=download-list]").closest("form"));
                fetch(arguments[0], {method: "POST", body: new URLSearchParams(form)}).then(r => r.text()).then(done)""", action);
        assertThat(list.toString()).contains("breach case ICO-2026-0412", patient.nhsNumber(), patient.familyName());
        browser.open(scanPage);
        browser.waitFor("[data-testid=list][data-state=PRODUCED]");
        browser.check("breach-notification-list");
    }
}
