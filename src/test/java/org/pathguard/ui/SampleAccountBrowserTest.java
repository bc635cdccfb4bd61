package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.Api;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.SpecimenReception;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample accounted for in Chromium: a practice sees its own tubes with their state now (a late potassium tube
 * "Needs re-bleed") and a link to download them, a mistyped day is said beside its field with what was typed kept, and
 * lab staff pick the practice from the requesters with orders.
 */
class SampleAccountBrowserTest extends ScreensOnADemoDay {

    private static final String PRACTICE = "G86099";
    /** The reception test's own requester, so the practice's list stays its two tubes whatever order the tests run in. */
    private static final String WARD = "G86098";
    private static final String LAB = "PGLAB";

    private String lateBarcode;
    private String awaitedBarcode;
    private String family;

    private void ordersOfThePractice() {
        if (lateBarcode != null) {
            return;
        }
        Actor gp = new Actor("dr.browser", Actor.Role.REQUESTER, PRACTICE, null);
        family = Api.randomName(10);
        Patient patient = lab.bean(PatientRegistry.class).register(gp, new Registration(Api.newNhsNumber(), Api.unique("H"), family,
                "Ada", LocalDate.of(1948, 7, 1), Sex.FEMALE, "SE5 9RS"));
        lateBarcode = Api.unique("SB");
        awaitedBarcode = Api.unique("SB");
        OrderDesk orders = lab.bean(OrderDesk.class);
        orders.place(gp, new OrderRequest(patient.id(), null, null, null, PRACTICE, "Dr Browser", Priority.ROUTINE, null,
                Api.unique("PB"), null, List.of("UE"), List.of(new OrderRequest.SpecimenLabel(lateBarcode, "SER",
                Instant.now().minus(Duration.ofHours(6))))));
        orders.place(gp, new OrderRequest(patient.id(), null, null, null, PRACTICE, "Dr Browser", Priority.ROUTINE, null,
                Api.unique("PB"), null, List.of("CRP"), List.of(new OrderRequest.SpecimenLabel(awaitedBarcode, "SER", Instant.now()))));
        lab.bean(SpecimenReception.class).receive(new Actor("bms.browser", Actor.Role.SCIENTIST, LAB, null), lateBarcode, null);
    }

    private WebElement row(String barcode) {
        return browser.find("[data-testid=sample-row][data-barcode='" + barcode + "']");
    }

    @Test
    void aPracticeSeesItsOwnTubesWithALateOneNeedingARebleedAndCanDownloadThem() {
        ordersOfThePractice();
        Accounts.Secrets gp = person(Actor.Role.REQUESTER, PRACTICE);
        signInAs(gp);
        browser.open("/incident/samples");
        browser.waitFor("[data-testid=samples]");
        assertThat(browser.driver().getTitle()).isEqualTo("Every sample accounted for – PathGuard");
        assertThat(browser.all("[data-testid=sample-row]")).hasSize(2);
        assertThat(row(lateBarcode).getAttribute("data-state")).isEqualTo("NEEDS_REBLEED");
        assertThat(row(lateBarcode).getText()).contains("Needs re-bleed").contains("Potassium").contains(family.toUpperCase());
        assertThat(row(awaitedBarcode).getText()).contains("Awaiting specimen");
        assertThat(browser.text("[data-testid=state-counts]")).contains("Needs re-bleed: 1").contains("Awaiting specimen: 1");
        assertThat(browser.find("[data-testid=download-csv]").getAttribute("href")).contains("/incident/samples.csv?from=");
        assertThat(browser.all("[data-testid=requester-picker]")).as("a practice picks no other requester").isEmpty();
        browser.check("sa01-practice-samples");

        browser.find("#from").clear();
        browser.find("#from").sendKeys("3rd June");
        browser.find("[data-testid=samples-form] button").click();
        assertThat(browser.waitFor("[data-testid=from-error]").getText()).contains("YYYY-MM-DD");
        assertThat(browser.find("#from").getAttribute("value")).as("what was typed is kept").isEqualTo("3rd June");
        assertThat(browser.driver().getTitle()).startsWith("Error:");
        assertThat(browser.all("[data-testid=samples]")).isEmpty();
        browser.check("sa02-practice-samples-bad-day");

        browser.open("/incident/samples?requester=G85001");
        assertThat(browser.waitFor("[data-testid=samples-refused]").getText()).contains("only its own organisation's samples");
        assertThat(browser.all("[data-testid=samples]")).isEmpty();
    }

    @Test
    void labStaffPickThePracticeAndSeeTheSameStatesWithoutADownload() {
        ordersOfThePractice();
        signInAs(person(Actor.Role.LAB_MANAGER, LAB));
        browser.open("/incident/samples");
        browser.waitFor("[data-testid=requester-picker]");
        assertThat(browser.all("[data-testid=samples]")).isEmpty();
        new Select(browser.find("[data-testid=requester-picker]")).selectByValue(PRACTICE);
        browser.find("[data-testid=samples-form] button").click();
        browser.waitFor("[data-testid=samples]");
        assertThat(row(lateBarcode).getAttribute("data-state")).isEqualTo("NEEDS_REBLEED");
        assertThat(row(awaitedBarcode).getAttribute("data-state")).isEqualTo("AWAITING_SPECIMEN");
        assertThat(browser.all("[data-testid=download-csv]")).as("lists leave the lab as registered exports").isEmpty();
        browser.check("sa03-lab-samples");
    }

    @Test
    void receptionSaysALateTubeNeedsARebleedAndTheQueueHoldsItsPotassiumInWords() {
        Actor gp = new Actor("dr.browser", Actor.Role.REQUESTER, WARD, null);
        Patient patient = lab.bean(PatientRegistry.class).register(gp, new Registration(Api.newNhsNumber(), Api.unique("H"),
                Api.randomName(10), "Bea", LocalDate.of(1950, 2, 1), Sex.FEMALE, "SE5 9RS"));
        String late = Api.unique("SB");
        lab.bean(OrderDesk.class).place(gp, new OrderRequest(patient.id(), null, null, null, WARD, "Dr Browser", Priority.ROUTINE,
                null, Api.unique("PB"), null, List.of("UE"), List.of(new OrderRequest.SpecimenLabel(late, "SER",
                Instant.now().minus(Duration.ofHours(5))))));
        signInAs(person(Actor.Role.AUTHORISER, LAB));
        browser.open("/reception");
        browser.find("#barcode").sendKeys(late + Keys.ENTER);
        browser.waitForText("[data-testid=scan-result]", "Received");
        assertThat(browser.text("[data-testid=rebleed]")).contains("Re-bleed needed").contains("accounted for")
                .contains("Potassium (4 h on unspun clotted blood at room temperature)").doesNotContain("Sodium");
        browser.check("sa04-reception-late-tube");

        lab.bean(ResultDesk.class).record(new Actor("analyser.browser", Actor.Role.INTERFACE, LAB, null), new ResultSubmission(late,
                List.of(), List.of(new ResultSubmission.Item("K", "4.3", "mmol/L", null), new ResultSubmission.Item("NA", "139", "mmol/L", null))));
        browser.open("/validation?reason=PAST_STABILITY");
        browser.waitFor("[data-validation-queue]");
        assertThat(browser.text("[data-validation-queue]")).contains("Tube past its stability (re-bleed)").contains("4.3");
        browser.check("sa05-queue-past-stability");
    }
}
