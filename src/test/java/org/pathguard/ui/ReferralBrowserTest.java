package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.lab.Priority;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.network.Referral;
import org.pathguard.network.Referrals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Referring tests to partner labs on the screens (issue 15): a lab manager sets, changes and ends an agreement (a
 * bad one answered beside its fields, with what was typed kept, and the privacy officer told of each change); a
 * scientist refers one test and every outstanding test of a kind; the "Referred out" worklist shows them with
 * their age, the overdue ones in red, refusals with the partner's reason; a full partner refuses a scientist and
 * takes a lab manager's override; a cancelled referral leaves the worklist; a box's manifest prints with Code 128
 * barcodes; a GP reaches none of it. No partner lab runs: referrals wait REQUESTED as they would while the partner
 * is unreachable, and the partner's answers (accepted, refused) are recorded through the network service as the
 * HL7 interface would.
 */
class ReferralBrowserTest extends ScreensOnADemoDay {

    private static final Actor SETUP = new Actor("ui.referral-setup", Actor.Role.LAB_MANAGER);

    private void agree(String ods, String name, int capacity, int turnaroundMinutes, String... tests) {
        Map<Priority, Integer> each = Map.of(Priority.CRITICAL, capacity, Priority.URGENT, capacity, Priority.ROUTINE, capacity);
        Map<Priority, Integer> turnaround = Map.of(Priority.CRITICAL, turnaroundMinutes, Priority.URGENT, turnaroundMinutes,
                Priority.ROUTINE, turnaroundMinutes);
        lab.bean(Agreements.class).set(SETUP, new Agreement(ods, name, new Agreement.Endpoint("127.0.0.1", 2575, "LIS", ods, false),
                Arrays.stream(tests).map(t -> new Agreement.ReferredTest(t, t, null, null)).toList(), each, Agreement.Hours.ALWAYS,
                turnaround, 0, new Agreement.Contact("Duty biochemist", "020 7188 7188")));
    }

    /** Accessions with {@code test} on the order, not resulted and not referred. */
    private List<String> outstanding(String test, int n) {
        return db.sql("""
                        select o.accession from order_test t join lab_order o on o.id = t.order_id
                        where t.test_code = ?
                          and not exists (select 1 from result r where r.order_id = t.order_id and r.test_code = t.test_code
                                          and r.status <> 'REJECTED')
                          and not exists (select 1 from referral f where f.order_id = t.order_id and f.test_code = t.test_code
                                          and f.state not in ('REFUSED', 'CANCELLED'))
                        order by o.accession limit ?""")
                .params(test, n).query(String.class).list();
    }

    private Referral referByService(String accession, String test, String partner) {
        return lab.bean(Referrals.class).refer(SETUP, accession, test, partner, null);
    }

    private WebElement row(UUID referral) {
        return browser.find("[data-referral-id='" + referral + "']");
    }

    private boolean onWorklist(UUID referral) {
        browser.open("/referrals");
        return !browser.driver().findElements(By.cssSelector("[data-referral-id='" + referral + "']")).isEmpty();
    }

    private static void retype(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private int alerts(String kind, String about) {
        return db.sql("select count(*) from access_alert where kind = ? and detail like ?").params(kind, "%" + about + "%")
                .query(Integer.class).single();
    }

    @Test
    void aLabManagerSetsChangesAndEndsAnAgreementAndABadOneIsAnsweredBesideItsFieldsWithWhatWasTypedKept() {
        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/partners");
        browser.find("[data-testid=new-agreement]").click();
        browser.waitFor("[data-testid=agreement-form]");
        browser.check("referral-agreement-new");

        browser.find("#ods").sendKeys("PTA01");
        browser.find("#name").sendKeys("North Thames Pathology");
        browser.find("#contactName").sendKeys("Duty biochemist");
        browser.find("#phone").sendKeys("020 7188 7188");
        browser.find("#host").sendKeys("lis.north-thames.example");
        retype(browser.find("#port"), "twenty");
        browser.find("#application").sendKeys("LIS");
        browser.find("#facility").sendKeys("NTP");
        browser.find("#tests").sendKeys("TROP TNT");
        retype(browser.find("#capacityROUTINE"), "lots");
        browser.find("[data-testid=save-agreement]").click();

        browser.waitForText("[data-testid=error-port]", "Enter the port");
        assertThat(browser.text("[data-testid=error-capacityROUTINE]")).contains("how many routine tests a day");
        assertThat(browser.find("#port").getAttribute("value")).isEqualTo("twenty");
        assertThat(browser.find("#capacityROUTINE").getAttribute("value")).isEqualTo("lots");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("North Thames Pathology");
        assertThat(browser.find("#tests").getAttribute("value")).isEqualTo("TROP TNT");
        browser.check("referral-agreement-errors");

        // The numbers right, the partner's own code without the LOINC both labs know the test by: refused beside the tests.
        retype(browser.find("#port"), "2575");
        retype(browser.find("#capacityROUTINE"), "20");
        browser.find("[data-testid=save-agreement]").click();
        browser.waitForText("[data-testid=error-tests]", "give the LOINC code");
        assertThat(browser.find("#tests").getAttribute("value")).isEqualTo("TROP TNT");
        assertThat(browser.all("[data-testid=error-port]")).isEmpty();
        assertThat(db.sql("select count(*) from partner_agreement where ods_code = 'PTA01'").query(Integer.class).single()).isZero();

        retype(browser.find("#tests"), "TROP TNT 67151-1\nUE");
        browser.find("[data-testid=save-agreement]").click();
        browser.waitForText("[data-testid=notice]", "The privacy officer has been told");
        WebElement card = browser.find("[data-partner][data-ods=PTA01]");
        assertThat(card.getText()).contains("North Thames Pathology").contains("TNT").contains("67151-1")
                .contains("Duty biochemist, 020 7188 7188").contains("lis.north-thames.example:2575");
        assertThat(card.findElement(By.cssSelector("[data-testid=partner-capacity] [data-priority=ROUTINE]"))
                .getText()).contains("20");
        assertThat(alerts("REFERRAL_AGREEMENT_SET", "PTA01")).isEqualTo(1);
        browser.check("referral-partners");

        // Changed: the ODS code stays, the telephone number changes, the privacy officer is told again.
        card.findElement(By.cssSelector("[data-testid=change-agreement]")).click();
        browser.waitFor("[data-testid=end-agreement]");
        assertThat(browser.find("#ods").getAttribute("readonly")).isNotNull();
        assertThat(browser.find("#tests").getAttribute("value")).contains("TROP TNT 67151-1").contains("UE");
        retype(browser.find("#phone"), "020 7188 0000");
        browser.find("[data-testid=save-agreement]").click();
        browser.waitForText("[data-testid=notice]", "saved");
        assertThat(browser.text("[data-partner][data-ods=PTA01] [data-testid=contact]")).isEqualTo("Duty biochemist, 020 7188 0000");
        assertThat(alerts("REFERRAL_AGREEMENT_SET", "PTA01")).isEqualTo(2);

        // Ended: a reason first, then it leaves the list.
        browser.find("[data-partner][data-ods=PTA01] [data-testid=change-agreement]").click();
        browser.find("[data-testid=end-agreement] button").click();
        browser.waitForText("[data-testid=error-endReason]", "reason is required");
        browser.check("referral-agreement-end-error");
        browser.find("#endReason").sendKeys("They have closed their blood sciences lab");
        browser.find("[data-testid=end-agreement] button").click();
        browser.waitForText("[data-testid=notice]", "ended");
        assertThat(browser.all("[data-partner][data-ods=PTA01]")).isEmpty();
        assertThat(alerts("REFERRAL_AGREEMENT_ENDED", "PTA01")).isEqualTo(1);
    }

    @Test
    void aScientistRefersATestAndABatchAndTheWorklistShowsThemWithTheirAge() {
        String batchTest = List.of("TROP", "TFT", "LIPID", "HBA1C").stream().filter(t -> !outstanding(t, 1).isEmpty()).findFirst().orElseThrow();
        agree("PTB02", "South Bank Laboratories", 500, 24 * 60, "UE", "CRP", "LFT", "BONE", batchTest);
        agree("PTX09", "Far Away Lab", 500, 60, "FBC");
        String accession = outstanding("LFT", 1).getFirst();
        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));

        // From the validation queue's whole specimen: the link brings the order's accession and its tests.
        browser.open("/validation");
        browser.find("[data-result-row] [data-panel-toggle]").click();
        browser.waitFor("[data-testid=refer-link]").click();
        browser.waitFor("[data-testid=refer-form]");
        assertThat(browser.find("#accession").getAttribute("value")).isNotBlank();
        browser.check("referral-refer-from-panel");

        // A test the partner does not do for us: beside the partner, typed kept, nothing referred.
        browser.open("/referrals/new?accession=" + accession);
        new Select(browser.find("#test")).selectByValue("LFT");
        new Select(browser.find("#partner")).selectByValue("PTX09");
        browser.find("[data-testid=refer-submit]").click();
        browser.waitForText("[data-testid=error-partner]", "does not perform LFT");
        assertThat(browser.find("#accession").getAttribute("value")).isEqualTo(accession);
        assertThat(new Select(browser.find("#test")).getFirstSelectedOption().getAttribute("value")).isEqualTo("LFT");
        assertThat(db.sql("select count(*) from referral where accession = ? and test_code = 'LFT'").param(accession)
                .query(Integer.class).single()).isZero();
        browser.check("referral-refer-refused");

        new Select(browser.find("#partner")).selectByValue("PTB02");
        browser.find("[data-testid=refer-submit]").click();
        browser.waitForText("[data-testid=notice]", "on " + accession + " referred to South Bank Laboratories");
        WebElement referred = browser.find("[data-referral][data-accession='" + accession + "'][data-test-code=LFT]");
        assertThat(referred.getAttribute("data-state")).isEqualTo("REQUESTED");
        assertThat(referred.getText()).contains("Requested, waiting for the partner to accept").contains("South Bank Laboratories");
        assertThat(referred.findElement(By.cssSelector("[data-age]")).getText()).matches("[01] min");
        assertThat(referred.findElements(By.cssSelector("[data-testid=overdue]"))).isEmpty();

        // "All outstanding <test> to the partner": every one on the worklist.
        List<String> waiting = outstanding(batchTest, 500);
        new Select(browser.find("#batchTest")).selectByValue(batchTest);
        new Select(browser.find("#batchPartner")).selectByValue("PTB02");
        browser.find("[data-testid=batch-submit]").click();
        browser.waitForText("[data-testid=notice]", waiting.size() + " outstanding");
        browser.open("/referrals?partner=PTB02&state=REQUESTED");
        List<String> batched = browser.all("[data-referral][data-test-code='" + batchTest + "']").stream()
                .map(r -> r.getAttribute("data-accession")).toList();
        assertThat(batched).containsExactlyInAnyOrderElementsOf(waiting);
        assertThat(browser.all("[data-referral]")).allSatisfy(r -> assertThat(r.getAttribute("data-partner")).isEqualTo("PTB02"));
        browser.check("referral-worklist");

        // Nothing left to refer: said beside the test.
        new Select(browser.find("#batchTest")).selectByValue(batchTest);
        new Select(browser.find("#batchPartner")).selectByValue("PTB02");
        browser.find("[data-testid=batch-submit]").click();
        browser.waitForText("[data-testid=error-batchTest]", "No order has an outstanding " + batchTest);
        browser.check("referral-batch-nothing");

        browser.open("/");
        assertThat(browser.text("[data-testid=referred-out-counts]")).contains("Referred out to partner labs");
    }

    @Test
    void aFullPartnerRefusesAScientistAndTakesALabManagersOverrideWithAReason() {
        agree("PTC03", "Capacity Full Lab", 0, 24 * 60, "BONE");
        String accession = outstanding("BONE", 1).getFirst();

        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));
        browser.open("/referrals/new?accession=" + accession + "&test=BONE&partner=PTC03");
        browser.find("[data-testid=refer-submit]").click();
        browser.waitForText("[data-testid=error-partner]", "would exceed it");
        assertThat(browser.text("[data-testid=ask-lab-manager]")).contains("Ask a lab manager");
        assertThat(browser.all("[data-testid=override]")).isEmpty();
        browser.check("referral-capacity-full-scientist");

        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/referrals/new?accession=" + accession + "&test=BONE&partner=PTC03");
        browser.find("[data-testid=refer-submit]").click();
        browser.waitForText("[data-testid=error-partner]", "would exceed it");
        browser.find("[data-testid=override] input").sendKeys("Agreed by phone with their duty biochemist");
        browser.check("referral-capacity-full-manager");
        browser.find("[data-testid=refer-submit]").click();
        browser.waitForText("[data-testid=notice]", "past its agreed capacity by your override");
        assertThat(browser.find("[data-referral][data-accession='" + accession + "'][data-test-code=BONE]").getText())
                .contains("over capacity by a lab manager's override");
        // Kept with the referral, sealed: what a person writes may name someone.
        byte[] kept = db.sql("select capacity_override from referral where accession = ? and test_code = 'BONE'").param(accession)
                .query(byte[].class).single();
        assertThat(new String(kept, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("duty biochemist");
        assertThat(lab.bean(Referrals.class).forOrder(SETUP, accession))
                .filteredOn(r -> r.testCode().equals("BONE")).extracting(org.pathguard.network.Referral::capacityOverride)
                .containsExactly("Agreed by phone with their duty biochemist");
    }

    @Test
    void aLateReferralIsOverdueInRedARefusalShowsItsReasonAndACancelledReferralLeavesTheWorklist() {
        // A turnaround of nothing and no transport: late as soon as it is asked for.
        agree("PTE05", "Quick Turnaround Lab", 500, 0, "CRP", "UE");
        List<String> accessions = outstanding("CRP", 2);
        Referral late = referByService(accessions.get(0), "CRP", "PTE05");
        Referral refused = referByService(accessions.get(1), "CRP", "PTE05");
        lab.bean(Referrals.class).refused(Actor.SYSTEM, refused.id(), "CRP is not in our repertoire this week");

        signInAs(person(Actor.Role.SCIENTIST, "PGLAB"));
        browser.open("/");
        assertThat(browser.text("[data-testid=referred-overdue]")).endsWith("overdue");
        assertThat(browser.text("[data-testid=referred-refused]")).contains("refused by the partner");
        browser.check("referral-lab-home");

        browser.open("/referrals");
        assertThat(row(late.id()).findElement(By.cssSelector("[data-testid=overdue]")).getText()).startsWith("Overdue by ");
        assertThat(browser.all("[data-referral]").getFirst().findElements(By.cssSelector("[data-testid=overdue]"))).isNotEmpty();
        assertThat(row(refused.id()).findElement(By.cssSelector("[data-testid=refusal-reason]")).getText())
                .isEqualTo("Reason: CRP is not in our repertoire this week");
        assertThat(row(refused.id()).findElement(By.cssSelector("[data-testid=refer-elsewhere]")).getAttribute("href"))
                .endsWith("/referrals/new?accession=" + accessions.get(1) + "&test=CRP");
        browser.open("/referrals?state=REFUSED");
        assertThat(browser.all("[data-referral]")).allSatisfy(r -> assertThat(r.getAttribute("data-state")).isEqualTo("REFUSED"));
        browser.check("referral-refused");

        // Cancelled with a reason (none is refused beside the box), and gone from the worklist.
        browser.open("/referrals");
        row(late.id()).findElement(By.cssSelector("[data-testid=referral-link]")).click();
        browser.waitFor("[data-testid=cancel]");
        browser.find("[data-testid=cancel-submit]").click();
        browser.waitForText("[data-testid=error-reason]", "reason is required");
        browser.check("referral-cancel-error");
        assertThat(onWorklist(late.id())).isTrue();
        row(late.id()).findElement(By.cssSelector("[data-testid=referral-link]")).click();
        browser.waitFor("#reason").sendKeys("Done here after all: our analyser is back");
        browser.find("[data-testid=cancel-submit]").click();
        browser.waitForText("[data-testid=notice]", "cancelled");
        assertThat(onWorklist(late.id())).isFalse();
        assertThat(onWorklist(refused.id())).isTrue();
    }

    @Test
    void acceptedReferralsArePackedIntoABoxWhoseManifestPrintsWithBarcodes() {
        agree("PTD04", "Dispatch Lab", 500, 24 * 60, "UE", "FBC");
        List<String> accessions = outstanding("UE", 2);
        List<Referral> made = List.of(referByService(accessions.get(0), "UE", "PTD04"), referByService(accessions.get(1), "UE", "PTD04"));
        // The partner's acknowledgement (ORL^O22 AA) as the HL7 interface records it.
        made.forEach(r -> lab.bean(Referrals.class).sent(Actor.SYSTEM, r.id(), "PD" + r.accession()));
        Accounts.Secrets scientist = person(Actor.Role.SCIENTIST, "PGLAB");
        signInAs(scientist);

        browser.open("/referrals?partner=PTD04");
        browser.find("[data-testid=pack-submit]").click();
        browser.waitForText("[data-testid=error-pack]", "Tick the accepted referrals");
        browser.check("referral-pack-nothing");

        browser.open("/referrals?partner=PTD04");
        made.forEach(r -> row(r.id()).findElement(By.cssSelector("label")).click());
        new Select(browser.find("#pack-partner")).selectByValue("PTD04");
        browser.find("[data-testid=pack-submit]").click();
        browser.waitFor("[data-testid=manifest]");
        assertThat(browser.text("h1")).contains("Specimens for Dispatch Lab");
        assertThat(browser.text("[data-testid=packed]")).contains(scientist.username());
        List<WebElement> tubes = browser.all("[data-tube]");
        assertThat(tubes).hasSize(2);
        for (WebElement tube : tubes) {
            String barcode = tube.getAttribute("data-barcode");
            assertThat(tube.findElement(By.cssSelector("svg")).getAttribute("aria-label")).isEqualTo("Barcode " + barcode);
            assertThat(tube.findElements(By.cssSelector("svg path"))).hasSize(1);
            assertThat(tube.getText()).contains("Urea and electrolytes").contains("NHS ");
        }
        assertThat(tubes.stream().map(t -> t.getAttribute("data-barcode")).toList()).containsExactlyInAnyOrderElementsOf(
                db.sql("""
                        select s.barcode from specimen s join lab_order o on o.id = s.order_id
                        where o.accession = any(?) and s.specimen_type = 'SER' and s.status <> 'REJECTED'""")
                        .param(accessions.toArray(String[]::new)).query(String.class).list());
        browser.check("referral-manifest");

        // On paper: no screens' header or buttons, the barcodes still there.
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(browser.find(".nhsuk-header").isDisplayed()).isFalse();
            assertThat(browser.find("[data-print]").isDisplayed()).isFalse();
            assertThat(browser.find("[data-tube] svg").isDisplayed()).isTrue();
        } finally {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }

        browser.open("/referrals?partner=PTD04");
        made.forEach(r -> assertThat(row(r.id()).getAttribute("data-state")).isEqualTo("DISPATCHED"));
    }

    @Test
    void aGpReachesNoneOfTheReferralScreens() {
        agree("PTF06", "Hidden Lab", 500, 60, "UE");
        Referral referral = referByService(outstanding("UE", 1).getFirst(), "UE", "PTF06");
        signInAs(person(Actor.Role.REQUESTER, "G85001"));
        assertThat(browser.all("nav[aria-label=Screens] a").stream().map(WebElement::getText).toList())
                .doesNotContain("Referred out", "Partner labs");
        for (String path : List.of("/referrals", "/partners", "/partners/agreement", "/referrals/new", "/referrals/" + referral.id())) {
            browser.open(path);
            assertThat(browser.text("[data-testid=refusal] h1")).as(path).isEqualTo("Not allowed");
        }
        browser.check("referral-gp-refused");

        // Lab staff who are not lab managers read the agreements but cannot change them.
        signInAs(person(Actor.Role.AUTHORISER, "PGLAB"));
        browser.open("/partners");
        assertThat(browser.all("[data-testid=change-agreement], [data-testid=new-agreement]")).isEmpty();
        browser.open("/partners/agreement?ods=PTF06");
        assertThat(browser.text("[data-testid=refusal] h1")).isEqualTo("Not allowed");
    }
}
