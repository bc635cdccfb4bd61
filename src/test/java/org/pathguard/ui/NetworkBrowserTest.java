package org.pathguard.ui;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.router.LabState;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network manager's screens on a real router ({@link ScreensOnARouter}). The network manager reads the labs' states,
 * declares A down from the screen by keyboard (a reason that says nothing answered beside its field first), sees critical and urgent orders
 * routed within the partners' capacity, routine ones held, and the ledger summing to what was received; a GP reads only
 * its own orders; others are refused; directory changes need a second person. Every page photographed and checked with
 * axe.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkBrowserTest extends ScreensOnARouter {

    /** The router never suspects a lab by itself during these tests: states change only as they declare them. */
    @Override
    protected String suspectAfter() {
        return "PT1H";
    }

    @Override
    protected void ordersBeforeTheFall() {
        // Before A falls: two critical, two urgent and three routine from the first practice, one routine from the other.
        for (String priority : List.of("S", "S", "A", "A", "R", "R", "R")) {
            assertThat(order(GP, priority)).contains("MSA|AA|");
        }
        assertThat(order(OTHER_GP, "R")).contains("MSA|AA|");
    }

    @Test
    @Order(1)
    void theNetworkManagerReadsEachLabsStateThenDeclaresAFallenLabDownByKeyboardAndSeesOrdersRoutedHeldAndAccountedFor() {
        signInAs(person(Actor.Role.NETWORK_MANAGER, "PGNET"));
        assertThat(browser.path()).isEqualTo("/network");
        assertThat(browser.text(".nhsuk-header__navigation")).contains("Network").contains("Directory")
                .doesNotContain("Worklists").doesNotContain("Reception").doesNotContain("Patients");
        assertThat(browser.all("[data-lab]")).hasSize(3);
        for (String lab : List.of(A, B, C)) {
            assertThat(card(lab).getAttribute("data-state")).isEqualTo("UP");
            assertThat(card(lab).getText()).contains("Up: orders pass to it as usual");
        }
        assertThat(browser.text("[data-testid=ledger-received] [data-count]")).isEqualTo("8");
        assertThat(browser.text("[data-testid=ledger] [data-where='HOME_LAB'] [data-count]")).isEqualTo("8");
        browser.check("60-network-all-up");

        // A reason that says nothing is refused beside its field, with what was typed kept; nothing changes.
        WebElement reason = browser.find("#" + A + "-reason");
        reason.sendKeys("down");
        reason.sendKeys(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Declare " + A + " down");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.waitFor("[data-testid=error-reason]");
        assertThat(browser.text("[data-testid=error-reason]")).contains("must say why in words");
        assertThat(browser.find("#" + A + "-reason").getAttribute("value")).isEqualTo("down");
        assertThat(browser.find("[data-testid=field-errors] a").getAttribute("href")).endsWith("#" + A + "-reason");
        assertThat(state(A)).isEqualTo(LabState.UP);
        browser.check("61-network-declare-refused");

        reason = browser.find("#" + A + "-reason");
        reason.clear();
        reason.sendKeys("ransomware: systems isolated at 06:10, no results until restored");
        reason.sendKeys(Keys.TAB);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.waitFor("[data-testid=notice]");
        assertThat(state(A)).isEqualTo(LabState.DOWN);
        assertThat(card(A).getAttribute("data-state")).isEqualTo("DOWN");
        assertThat(card(A).findElement(org.openqa.selenium.By.cssSelector("[data-testid=state-tag]")).getText()).isEqualTo("Down");
        assertThat(card(A).getText()).contains("declared by net.network-manager").contains("ransomware: systems isolated at 06:10");

        // Critical and urgent went to B and C within what each agreed; routine work is held for A.
        long routed = orders("ROUTING") + orders("AT_PARTNER");
        assertThat(routed).isEqualTo(4);
        assertThat(orders("DEFERRED")).isEqualTo(4);
        List<WebElement> used = card(A).findElements(org.openqa.selenium.By.cssSelector("[data-testid=capacity] [data-used]"));
        assertThat(used).hasSize(6);
        assertThat(used.stream().mapToInt(e -> Integer.parseInt(e.getText())).sum()).isEqualTo(4);
        for (WebElement row : card(A).findElements(org.openqa.selenium.By.cssSelector("[data-testid=capacity] tbody tr"))) {
            int agreed = Integer.parseInt(row.findElement(org.openqa.selenium.By.cssSelector("[data-agreed]")).getText());
            int usedToday = Integer.parseInt(row.findElement(org.openqa.selenium.By.cssSelector("[data-used]")).getText());
            assertThat(usedToday).as("routed to %s %s", row.getAttribute("data-partner"), row.getAttribute("data-priority"))
                    .isLessThanOrEqualTo(agreed);
        }
        assertThat(card(A).findElement(org.openqa.selenium.By.cssSelector("[data-testid=deferred-counts] [data-priority='ROUTINE'] [data-count]"))
                .getText()).isEqualTo("4");
        List<WebElement> held = card(A).findElements(org.openqa.selenium.By.cssSelector("[data-testid=deferred-queue] [data-held]"));
        assertThat(held).hasSize(4);
        assertThat(held.getFirst().getText()).contains("P" + GP + "-5").contains(GP).contains("UE").contains("Routine");
        assertThat(card(A).getText()).doesNotContain("9434765919").doesNotContain("TESTPATIENT");

        // The ledger accounts for every order A's requesters sent: each where it is now, summing to what was received.
        assertThat(browser.text("[data-testid=ledger-received] [data-count]")).isEqualTo("8");
        assertThat(browser.text("[data-testid=ledger-sum] [data-count]")).isEqualTo("8");
        long lines = browser.all("[data-testid=ledger] [data-where] [data-count]").stream()
                .mapToLong(e -> Long.parseLong(e.getText())).sum();
        assertThat(lines).isEqualTo(8);
        assertThat(browser.text("[data-testid=ledger] [data-where='DEFERRED'] [data-count]")).isEqualTo("4");
        assertThat(browser.text("[data-testid=ledger-verdict]")).startsWith("Every order is accounted for");
        browser.check("62-network-lab-down");

        // An order arriving while A is down is told its fate in the acknowledgement and joins the queue.
        assertThat(order(GP, "R")).contains("MSA|AA|").contains("held by the network router until " + A);
        browser.open("/network");
        assertThat(browser.text("[data-testid=ledger-received] [data-count]")).isEqualTo("9");
        assertThat(card(A).findElements(org.openqa.selenium.By.cssSelector("[data-testid=deferred-queue] [data-held]"))).hasSize(5);

        // Declaring it back needs a rate in figures: refused beside its field, then taken.
        WebElement drain = browser.find("#" + A + "-drain");
        drain.sendKeys("fast" + Keys.ENTER);
        browser.waitFor("[data-testid=error-drain]");
        assertThat(browser.find("#" + A + "-drain").getAttribute("value")).isEqualTo("fast");
        assertThat(state(A)).isEqualTo(LabState.DOWN);
        browser.check("63-network-back-refused");
    }

    @Test
    @Order(2)
    void aLabManagerDeclaresOnlyTheirOwnLabAndOthersAreRefused() {
        signInAs(person(Actor.Role.LAB_MANAGER, B));
        assertThat(browser.path()).isEqualTo("/network");
        assertThat(card(A).findElements(org.openqa.selenium.By.cssSelector("form"))).isEmpty();
        assertThat(card(B).findElements(org.openqa.selenium.By.cssSelector("[data-testid=declare-down]"))).hasSize(1);
        // The held orders of another lab are not theirs to read.
        assertThat(card(A).findElements(org.openqa.selenium.By.cssSelector("[data-testid=deferred-queue]"))).isEmpty();

        // A declaration forged for another lab is refused; one without the form's CSRF token is sent to sign in again (an
        // opaque redirect to the page) and does nothing.
        assertThat(fetch("POST", "/network/labs/" + A + "/back", "drainPerMinute=5&_csrf=" + csrf())).startsWith("403 ")
                .contains("declares only their own lab");
        assertThat(fetch("POST", "/network/labs/" + B + "/down", "reason=a+reason+in+several+words")).isEqualTo("0 ");
        assertThat(state(A)).isEqualTo(LabState.DOWN);
        assertThat(state(B)).isEqualTo(LabState.UP);
        browser.check("64-network-lab-manager");

        signInAs(person(Actor.Role.REQUESTER, GP));
        browser.open("/network");
        assertThat(browser.text("h1")).contains("Not allowed");
        assertThat(fetch("POST", "/network/labs/" + A + "/back", "drainPerMinute=5&_csrf=" + csrf())).startsWith("403 ");
        assertThat(state(A)).isEqualTo(LabState.DOWN);
    }

    @Test
    @Order(3)
    void aPracticeSeesItsOwnOrdersAndWhereEachIsButNoOtherPracticesOrders() {
        signInAs(person(Actor.Role.REQUESTER, GP));
        assertThat(browser.path()).isEqualTo("/network/orders");
        assertThat(browser.text(".nhsuk-header__navigation")).contains("Our orders").doesNotContain("New request");
        List<WebElement> rows = browser.all("[data-order]");
        assertThat(rows).hasSize(8);
        assertThat(rows.stream().map(r -> r.getAttribute("data-placer"))).allMatch(p -> p.startsWith("P" + GP + "-"));
        assertThat(browser.all("[data-order][data-state='DEFERRED']")).hasSize(4);
        assertThat(browser.find("[data-order][data-state='DEFERRED'] [data-where]").getText()).contains("Held at the router until " + A);
        String csv = fetch("GET", browser.find("[data-testid=csv]").getAttribute("href"), null);
        assertThat(csv).startsWith("200 placer_number,");
        assertThat(csv.lines().count()).isEqualTo(9);
        assertThat(csv).doesNotContain(OTHER_GP).doesNotContain("9434765919");
        browser.check("65-network-requester-orders");

        // Attack: another practice's orders, on the screen or as CSV.
        browser.open("/network/orders?requester=" + OTHER_GP);
        assertThat(browser.text("h1")).contains("Not allowed");
        assertThat(browser.all("[data-order]")).isEmpty();
        assertThat(fetch("GET", "/api/router/requesters/" + OTHER_GP + "/orders.csv", null)).startsWith("403 ");
    }

    @Test
    @Order(4)
    void aDirectoryChangeIsProposedOnAFormAndNeedsASecondPersonNotTheProposer() {
        Accounts.Secrets proposer = person(Actor.Role.NETWORK_MANAGER, "PGNET");
        signInAs(proposer);
        browser.open("/network/directory");
        assertThat(browser.all("[data-testid=directory-labs] tbody tr")).hasSize(3);
        assertThat(browser.all("[data-testid=directory-requesters] tbody tr")).hasSize(2);
        assertThat(browser.all("[data-testid=directory-mutual-aid] tbody tr")).hasSize(2);
        assertThat(browser.text("[data-testid=directory-requesters]")).contains("GP practice").contains("none: routine work waits");
        browser.find("[data-testid=propose-links] a[href='/network/directory/lab']").click();
        browser.waitFor("#ods").sendKeys("LABD");
        browser.find("#name").sendKeys("Lab D");
        browser.find("#host").sendKeys("lab d!");
        browser.find("#port").clear();
        browser.find("#port").sendKeys("25x75");
        browser.find("#receivingFacility").sendKeys("LABD");
        browser.find("[data-testid=propose]").click();
        // The screen's own check first (a port in figures), then the directory's (a host name), each beside its field.
        browser.waitFor("[data-testid=error-port]");
        assertThat(browser.find("#host").getAttribute("value")).isEqualTo("lab d!");
        assertThat(browser.find("#port").getAttribute("value")).isEqualTo("25x75");
        browser.check("66-network-propose-refused");
        browser.find("#port").clear();
        browser.find("#port").sendKeys("2575");
        browser.find("[data-testid=propose]").click();
        assertThat(browser.waitFor("[data-testid=error-host]").getText()).contains("host must be a host name or IP address");
        assertThat(browser.all("[data-testid=error-port]")).isEmpty();
        assertThat(browser.find("#ods").getAttribute("value")).isEqualTo("LABD");
        assertThat(db.sql("select count(*) from router_change where subject = 'LABD'").query(Integer.class).single()).isZero();
        browser.find("#host").clear();
        browser.find("#host").sendKeys("lab-d.example.nhs.uk");
        browser.find("[data-testid=propose]").click();
        browser.waitFor("[data-testid=notice]");
        WebElement proposal = browser.find("[data-proposal]");
        assertThat(proposal.getText()).contains("lab Lab D (LABD)");

        // The proposer cannot approve their own change: the service's words, beside it.
        proposal.findElement(org.openqa.selenium.By.cssSelector("[data-testid=approve]")).click();
        browser.waitFor("[data-testid=error-decision]");
        assertThat(browser.text("[data-testid=error-decision]")).contains("needs a second person's approval: you proposed this one");
        assertThat(db.sql("select count(*) from router_lab where ods = 'LABD'").query(Integer.class).single()).isZero();
        browser.check("67-network-directory-own-proposal");

        signInAs(person(Actor.Role.NETWORK_MANAGER, "PGNET"));
        browser.open("/network/directory");
        browser.find("[data-proposal] [data-testid=approve]").click();
        browser.waitFor("[data-testid=notice]");
        assertThat(browser.all("[data-proposal]")).isEmpty();
        assertThat(browser.all("[data-testid=directory-labs] tbody tr")).hasSize(4);
        assertThat(db.sql("select count(*) from router_lab where ods = 'LABD'").query(Integer.class).single()).isOne();
        browser.check("68-network-directory");

        // A change to an agreement or a requester opens with what is in force.
        browser.find("a[href='/network/directory/mutual-aid?home=LABA&partner=LABB']").click();
        assertThat(browser.waitFor("#tests").getAttribute("value")).isEqualTo("FBC UE");
        assertThat(browser.find("#capacityCRITICAL").getAttribute("value")).isEqualTo("1");
        assertThat(browser.find("#turnaroundROUTINE").getAttribute("value")).isEmpty();
        browser.check("69-network-propose-mutual-aid");
        browser.open("/network/directory/requester?ods=" + GP);
        assertThat(browser.waitFor("#resultsPort").getAttribute("value")).isNotBlank();
        assertThat(browser.find("#homeLab option[selected]").getAttribute("value")).isEqualTo(A);
        browser.check("70-network-propose-requester");

        // A GP does not reach the directory.
        signInAs(person(Actor.Role.REQUESTER, GP));
        browser.open("/network/directory");
        assertThat(browser.text("h1")).contains("Not allowed");
    }

    @Test
    @Order(5)
    void theNetworkManagerRunsTheOutageSimulationAndABadSpareIsSaidBesideItsField() {
        signInAs(person(Actor.Role.NETWORK_MANAGER, "PGNET"));
        browser.open("/network");
        browser.submitWith("a[href='/network/simulation']");
        assertThat(browser.path()).isEqualTo("/network/simulation");
        WebElement spare = browser.find("#spare");
        spare.clear();
        spare.sendKeys("10, lots" + Keys.ENTER);
        browser.waitFor("[data-testid=field-errors]");
        assertThat(browser.text("#spare-error")).contains("whole percentage from 0 to 100").contains("'lots' is not");
        assertThat(browser.find("#spare").getAttribute("value")).isEqualTo("10, lots");
        assertThat(browser.all("[data-testid=simulation-chart]")).isEmpty();

        spare = browser.find("#spare");
        spare.clear();
        spare.sendKeys("0, 30" + Keys.ENTER);
        browser.waitFor("[data-testid=simulation-runs]");
        assertThat(browser.find("[data-testid=simulation-chart] svg").getAttribute("role")).isEqualTo("img");
        List<WebElement> runs = browser.all("[data-run]");
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).getText()).startsWith("As in 2024");
        // The router turns nothing away where 2024 turned work away; with more spare capacity, more urgent work is on time.
        assertThat(Long.parseLong(runs.get(0).findElement(org.openqa.selenium.By.cssSelector("[data-turned-away]")).getText()
                .replace(",", ""))).isPositive();
        assertThat(runs.get(1).findElement(org.openqa.selenium.By.cssSelector("[data-turned-away]")).getText()).isEqualTo("0");
        assertThat(urgent(runs.get(2))).isGreaterThan(urgent(runs.get(1)));
        assertThat(browser.text("[data-testid=how-computed]")).contains("routing policy");
        browser.check("73-network-simulation");

        signInAs(person(Actor.Role.REQUESTER, GP));
        browser.open("/network/simulation?scenario=london-2024&spare=0");
        assertThat(browser.text("h1")).contains("Not allowed");
    }

    private static double urgent(WebElement run) {
        return Double.parseDouble(run.findElement(org.openqa.selenium.By.cssSelector("[data-urgent]")).getText().replace("%", ""));
    }
}
