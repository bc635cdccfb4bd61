package org.pathguard.ui;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.pathguard.access.Actor;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Priority;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ResultSubmission;
import org.pathguard.result.Results;
import org.pathguard.specimen.SpecimenReception;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Internal quality control on the screens (issue 20), on a demo day whose potassium is already out of control on the
 * chemistry analyser: a scientist enters a CRP control that breaks 1-3s (a typing error first, answered beside its
 * box with nothing written), the board puts CRP out of control above everything in control, a new patient CRP from
 * that analyser is held "QC failed" and an authoriser who tries to release it is told why, not given a 500; the
 * look-back lists the CRP results released before and the scientist confirms one and recalls another with notes; a
 * passing run is entered and accepted with a reason (refused without one, the choice kept); the Levey-Jennings chart
 * shows the points and the ringed rejection. A GP reaches none of it and a forged post writes nothing. Every QC page
 * passes axe.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QualityControlBrowserTest extends ScreensOnADemoDay {

    private static final Actor CLINICIAN = new Actor("order-comms", Actor.Role.REQUESTER);
    private static final Actor CRP_ANALYSER = new Actor("analyser.crp-1", Actor.Role.INTERFACE);

    private int count(String sql, Object... params) {
        return db.sql(sql).params(List.of(params)).query(Integer.class).single();
    }

    private int qcRuns() {
        return count("select count(*) from qc_run");
    }

    private WebElement line(String analyser, String analyte) {
        return browser.find("[data-testid=qc-line][data-analyser='" + analyser + "'][data-analyte='" + analyte + "']");
    }

    /** A new CRP request for a demo patient, received, and its result from the CRP analyser. */
    private LabResult crpFromTheAnalyser(String value) {
        UUID patient = db.sql("select id from patient order by id limit 1").query(UUID.class).single();
        String barcode = "QC" + System.nanoTime() % 1_000_000_000L;
        Instant collected = Instant.now().minusSeconds(1800);
        LabOrder order = lab.bean(OrderDesk.class).place(CLINICIAN, new OrderRequest(patient, null, null, null, "G85001", "Dr Q Test",
                Priority.ROUTINE, "Query infection", "PLQC" + System.nanoTime() % 1_000_000L, null, List.of("CRP"),
                List.of(new OrderRequest.SpecimenLabel(barcode, "SER", collected))));
        assertThat(order.tests()).containsExactly("CRP");
        lab.bean(SpecimenReception.class).receive(new Actor("mla.reception", Actor.Role.SCIENTIST), barcode, Instant.now().minusSeconds(600));
        return lab.bean(ResultDesk.class).record(CRP_ANALYSER, new ResultSubmission(barcode, List.of(),
                List.of(new ResultSubmission.Item("CRP", value, "mg/L", null)), null, "CRP1")).getFirst();
    }

    private void enterCrp(String level1, String level2) {
        browser.open("/qc/entry?analyser=CRP1");
        browser.find("#value-CRP-L1-CRP").clear();
        browser.find("#value-CRP-L1-CRP").sendKeys(level1);
        browser.find("#value-CRP-L2-CRP").clear();
        browser.find("#value-CRP-L2-CRP").sendKeys(level2);
        browser.find("[data-testid=save-qc]").click();
    }

    @Test
    @Order(1)
    void theDemoDaysPotassiumShiftIsOnTheBoardTheStartPageAndItsLookBack() {
        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));
        browser.open("/");
        assertThat(browser.text("[data-testid=qc-out-of-control]")).contains("QC: 1 analyte out of control");
        assertThat(browser.all(".nhsuk-header__navigation-link")).anySatisfy(a -> assertThat(a.getText()).isEqualTo("Quality control"));
        browser.find("[data-testid=qc-out-of-control] a").click();

        browser.waitFor("[data-testid=qc-board]");
        List<WebElement> lines = browser.all("[data-testid=qc-line]");
        assertThat(lines).hasSize(5);
        assertThat(lines.getFirst().getAttribute("data-analyte")).isEqualTo("K");
        assertThat(lines.getFirst().getAttribute("data-in-control")).isEqualTo("false");
        assertThat(lines.getFirst().getText()).contains("Out of control").contains("2-2s").contains("held");
        assertThat(lines.subList(1, 5)).allSatisfy(l -> assertThat(l.getText()).contains("In control").contains("Passed"));
        browser.check("qc-board-demo");

        lines.getFirst().findElement(By.cssSelector("[data-testid=failure-link]")).click();
        browser.waitFor("[data-testid=failure-summary]");
        int released = count("select count(*) from qc_look_back");
        assertThat(released).isPositive();
        assertThat(browser.all("[data-testid=look-back-row]")).hasSize(released);
        assertThat(browser.text("[data-testid=look-back-progress]")).startsWith("0 of " + released + " reviewed");
        assertThat(browser.text("[data-testid=held-count]"))
                .isEqualTo(String.valueOf(count("select count(*) from result where analyser_code = 'CHEM1' and analyte_code = 'K' "
                        + "and status = 'PRELIMINARY' and hold_reasons like '%QC%'")));
        browser.check("qc-failure-demo");

        browser.open("/qc/CHEM1/K");
        assertThat(browser.all("[data-testid=lj-chart] svg .qc-point")).hasSizeGreaterThan(100);
        assertThat(browser.all("[data-testid=lj-chart] svg .violation-ring.warning")).isNotEmpty();
        assertThat(browser.all("[data-testid=lj-chart] svg .violation-ring.rejected")).hasSize(2);
        assertThat(browser.text("[data-testid=nothing-to-accept]")).contains("No run has passed since the failure");
        browser.check("qc-analyte-demo");
    }

    @Test
    @Order(2)
    void aOneThreeSRunHoldsTheAnalysersResultsTheLookBackIsReviewedAndAPassingRunIsAcceptedWithAReason() {
        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));
        browser.open("/qc/entry");
        browser.check("qc-entry-choose");

        // A typing error: beside its box, what was typed kept, nothing recorded.
        int runs = qcRuns();
        enterCrp("1O.2", "60.1");
        browser.waitForText("[data-testid=error-value-CRP-L1-CRP]", "as a number");
        assertThat(browser.find("#value-CRP-L1-CRP").getAttribute("value")).isEqualTo("1O.2");
        assertThat(browser.find("#value-CRP-L2-CRP").getAttribute("value")).isEqualTo("60.1");
        assertThat(qcRuns()).isEqualTo(runs);
        browser.check("qc-entry-error");

        // Level 1 four SDs above its target (10.0 ± 0.5): 1-3s rejects the run.
        enterCrp("12.0", "60.4");
        browser.waitFor("[data-testid=judgement]");
        WebElement judged = browser.find("[data-testid=judged-run][data-analyte=CRP]");
        assertThat(judged.getAttribute("data-outcome")).isEqualTo("REJECTED");
        assertThat(judged.getText()).contains("1-3s (rejects the run)").contains("out of control");
        assertThat(qcRuns()).isEqualTo(runs + 1);
        browser.check("qc-entry-judged");

        browser.open("/qc");
        List<WebElement> lines = browser.all("[data-testid=qc-line]");
        assertThat(lines.subList(0, 2)).allSatisfy(l -> assertThat(l.getAttribute("data-in-control")).isEqualTo("false"));
        assertThat(lines.subList(2, 5)).allSatisfy(l -> assertThat(l.getAttribute("data-in-control")).isEqualTo("true"));
        assertThat(line("CRP1", "CRP").getText()).contains("Out of control").contains("1-3s");
        UUID failure = db.sql("select id from qc_failure where analyser_code = 'CRP1'").query(UUID.class).single();

        // A patient's CRP from that analyser now: held, "QC failed", and an authoriser cannot release it.
        LabResult held = crpFromTheAnalyser("14");
        assertThat(held.status()).isEqualTo(ResultStatus.PRELIMINARY);
        assertThat(held.holdReasons()).contains(HoldReason.QC);
        signInAs(person(Actor.Role.AUTHORISER, "PGLAB"));
        browser.open("/validation?reason=QC&test=CRP");
        assertThat(browser.find("#filter-reason option[value=QC]").getText()).isEqualTo("QC failed");
        WebElement row = browser.find("[data-result-id='" + held.id() + "']");
        assertThat(row.getText()).contains("QC failed").contains("CRP1 out of control for CRP").contains("1-3s");
        browser.check("qc-validation-held");
        row.findElement(By.cssSelector("[data-authorise]")).click();
        browser.waitForText("#decide-" + held.id(), "cannot be authorised while its analyser is out of control");
        assertThat(browser.text("#decide-" + held.id())).contains("1-3s").contains("accept a new passing QC run");
        assertThat(lab.bean(Results.class).byId(held.id()).status()).isEqualTo(ResultStatus.PRELIMINARY);
        browser.check("qc-validation-refused");

        // The look-back: every CRP released from the analyser before the failure, reviewed one by one with a note.
        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));
        browser.open("/qc");
        line("CRP1", "CRP").findElement(By.cssSelector("[data-testid=failure-link]")).click();
        browser.waitFor("[data-testid=failure-summary]");
        assertThat(browser.text("[data-testid=failure-rules]")).isEqualTo("1-3s");
        assertThat(browser.text("[data-testid=held-count]")).isEqualTo("1");
        List<String> released = db.sql("""
                        select r.id::text from result r where r.analyser_code = 'CRP1' and r.analyte_code = 'CRP'
                          and r.status in ('FINAL', 'AMENDED')""").query(String.class).list();
        assertThat(released).hasSizeGreaterThan(1);
        assertThat(browser.all("[data-testid=look-back-row]")).map(r -> r.getAttribute("data-result-id"))
                .containsExactlyInAnyOrderElementsOf(released);
        String first = released.getFirst();
        String second = released.get(1);
        browser.find("#result-" + first + " [data-testid=recall]").click();
        browser.waitForText("#result-" + first + " [data-testid=error-note]", "Write a note");
        assertThat(count("select count(*) from qc_look_back where outcome is not null and failure_id = ?", failure)).isZero();
        browser.check("qc-look-back-error");
        browser.find("#note-" + first).sendKeys("Repeated on the second analyser: 38 mg/L, agrees");
        browser.find("#result-" + first + " [data-testid=confirm]").click();
        browser.waitForText("[data-testid=notice]", "confirmed");
        browser.find("#note-" + second).sendKeys("Repeat 95 mg/L; Dr Haldane told by phone");
        browser.find("#result-" + second + " [data-testid=recall]").click();
        browser.waitForText("[data-testid=notice]", "recalled");
        assertThat(browser.text("#result-" + first + " [data-testid=review]")).contains("Confirmed").contains("ui.scientist")
                .contains("agrees");
        assertThat(browser.text("#result-" + second + " [data-testid=review]")).contains("Recalled").contains("Dr Haldane told");
        assertThat(browser.text("[data-testid=look-back-progress]")).startsWith("2 of " + released.size() + " reviewed");
        browser.check("qc-look-back-reviewed");

        // A passing run, then its acceptance: without a reason refused beside the box with the run still chosen.
        enterCrp("10.1", "59.8");
        browser.waitFor("[data-testid=judged-run][data-outcome=PASSED]");
        browser.find("[data-testid=judged-run] a").click();
        browser.waitFor("[data-testid=accept-form]");
        assertThat(browser.all("[data-testid=accept-form] input[name=run]")).hasSize(1);
        browser.find("[data-testid=accept-run]").click();
        browser.waitForText("[data-testid=error-reason]", "Say in words why");
        assertThat(browser.find("[data-testid=accept-form] input[name=run]").isSelected()).isTrue();
        assertThat(count("select count(*) from qc_failure where id = ? and accepted_run is not null", failure)).isZero();
        browser.check("qc-accept-error");
        browser.find("#reason").sendKeys("Calibrated CRP again after a reagent change; both levels within 1 SD");
        browser.find("[data-testid=accept-run]").click();
        browser.waitForText("[data-testid=notice]", "back in control");
        assertThat(browser.text("[data-testid=in-control]")).contains("In control");
        assertThat(browser.all("[data-testid=qc-run]").getFirst().getText()).contains("Calibrated CRP again").contains("ui.scientist");
        assertThat(count("select count(*) from qc_failure where id = ? and accepted_run is not null", failure)).isEqualTo(1);

        // The chart: every control of the last 30 days, the rejected run ringed and labelled.
        assertThat(browser.all("[data-testid=lj-chart] svg .qc-point")).hasSize(2 * browser.all("[data-testid=qc-run]").size());
        assertThat(browser.all("[data-testid=lj-chart] svg .violation-ring.rejected")).hasSize(1);
        assertThat(browser.all("[data-testid=lj-chart] svg .rule-label.rejected")).singleElement()
                .satisfies(label -> assertThat(label.getText()).contains("1-3s"));
        assertThat(browser.find("[data-testid=lj-chart] svg desc").getAttribute("textContent")).contains("1-3s");
        browser.check("qc-analyte-accepted");
        // Accepting releases nothing: the held result waits for an authoriser.
        assertThat(lab.bean(Results.class).byId(held.id()).status()).isEqualTo(ResultStatus.PRELIMINARY);
    }

    @Test
    @Order(3)
    void aLabManagerRegistersAnAnalyserAndAMaterialAndMistakesAreAnsweredBesideTheirFields() {
        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/qc/analysers");
        assertThat(browser.all("[data-testid=analyser]")).hasSize(2);
        assertThat(browser.all("[data-testid=material]")).hasSize(4);
        browser.check("qc-analysers");
        browser.find("[data-testid=new-analyser]").click();
        browser.find("#code").sendKeys("GAS1");
        browser.find("#name").sendKeys("Blood gas analyser, ED");
        new org.openqa.selenium.support.ui.Select(browser.find("#department")).selectByValue("Clinical biochemistry");
        browser.find("#analytes").sendKeys("NA K NOPE");
        browser.find("[data-testid=save-analyser]").click();
        browser.waitForText("[data-testid=error-analytes]", "NOPE");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("Blood gas analyser, ED");
        assertThat(count("select count(*) from analyser where code = 'GAS1'")).isZero();
        browser.check("qc-analyser-error");
        browser.find("#analytes").clear();
        browser.find("#analytes").sendKeys("NA K");
        browser.find("[data-testid=save-analyser]").click();
        browser.waitForText("[data-testid=notice]", "GAS1");

        browser.find("[data-testid=new-material]").click();
        browser.find("#code").sendKeys("GAS-L1");
        browser.find("#level").sendKeys("Level 1");
        browser.find("#lot").sendKeys("BG77");
        browser.find("#expiresOn").sendKeys("31/12/2099");
        browser.find("#targets").sendKeys("GAS1 K 3.9");
        browser.find("[data-testid=save-material]").click();
        browser.waitForText("[data-testid=error-targets]", "the target mean and the SD");
        assertThat(browser.find("#targets").getAttribute("value")).isEqualTo("GAS1 K 3.9");
        assertThat(count("select count(*) from qc_material where code = 'GAS-L1'")).isZero();
        browser.check("qc-material-error");
        browser.find("#targets").clear();
        browser.find("#targets").sendKeys("GAS1 K 3.9 0.1\nGAS1 NA 130 2");
        browser.find("[data-testid=save-material]").click();
        browser.waitForText("[data-testid=notice]", "GAS-L1");
        assertThat(browser.text("[data-testid=material][data-code=GAS-L1]")).contains("K on GAS1: 3.9 ± 0.1");

        // A lab manager reads the board but does not enter controls (that is the bench's).
        browser.open("/qc");
        assertThat(browser.all("[data-testid=enter-qc]")).isEmpty();
        assertThat(browser.all("[data-testid=qc-line][data-analyser=GAS1]")).hasSize(2);
    }

    @Test
    @Order(4)
    void aRequesterReachesNoQcScreenAndAForgedPostWritesNothing() {
        signInAs(person(Actor.Role.REQUESTER, "G85001"));
        assertThat(browser.all(".nhsuk-header__navigation-link")).noneSatisfy(a -> assertThat(a.getText()).isEqualTo("Quality control"));
        for (String page : List.of("/qc", "/qc/entry?analyser=CRP1", "/qc/CHEM1/K", "/qc/analysers")) {
            browser.open(page);
            assertThat(browser.find("h1").getText()).as(page).isEqualTo("Not allowed");
        }
        UUID run = db.sql("select id from qc_run where analyser_code = 'CHEM1' and analyte_code = 'K' order by run_order desc limit 1")
                .query(UUID.class).single();
        int runs = qcRuns();
        int accepted = count("select count(*) from qc_run where accepted_at is not null");
        var entry = post("/qc/entry", "analyser=CRP1&measuredOn=01%2F01%2F2026&measuredTime=08%3A00&value-CRP-L1-CRP=10");
        var acceptance = post("/qc/CHEM1/K/acceptance", "run=" + run + "&reason=forged");
        assertThat(entry.toString()).startsWith("[403");
        assertThat(acceptance.toString()).startsWith("[403");
        assertThat(qcRuns()).isEqualTo(runs);
        assertThat(count("select count(*) from qc_run where accepted_at is not null")).isEqualTo(accepted);
    }

    private Object post(String path, String body) {
        return browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', headers: {'X-CSRF-TOKEN': document.querySelector('meta[name=csrf-token]').content,
                  'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1], redirect: 'manual'})
                  .then(r => r.text().then(t => done([r.status, t])));""", path, body);
    }
}
