package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.pathguard.access.Actor;
import org.pathguard.router.LabState;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's own suspicion on the screen: orders for A cannot be passed to it for longer than the router waits (two
 * seconds here), so A is suspected; the network manager sees it in words with since when and why, confirms it down by
 * keyboard (the critical order then goes to a partner, the routine one is held) and declares it back with a drain rate.
 */
class NetworkSuspicionBrowserTest extends ScreensOnARouter {

    @Override
    protected String suspectAfter() {
        return "PT2S";
    }

    @Override
    protected void ordersBeforeTheFall() {
        assertThat(order(GP, "S")).contains("MSA|AA|");
        assertThat(order(GP, "R")).contains("MSA|AA|");
    }

    @Test
    void theNetworkManagerConfirmsTheRoutersSuspicionThenDeclaresTheLabBack() throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
        while (state(A) != LabState.SUSPECTED && Instant.now().isBefore(giveUp)) {
            Thread.sleep(200);
        }
        assertThat(state(A)).isEqualTo(LabState.SUSPECTED);

        signInAs(person(Actor.Role.NETWORK_MANAGER, "PGNET"));
        assertThat(card(A).getAttribute("data-state")).isEqualTo("SUSPECTED");
        assertThat(card(A).findElement(By.cssSelector("[data-testid=state-tag]")).getText()).isEqualTo("Suspected down");
        assertThat(card(A).findElement(By.cssSelector("[data-testid=state-words]")).getText()).startsWith("Suspected down since")
                .contains("no answer since").contains("until the network manager confirms it down");
        assertThat(card(A).findElements(By.cssSelector("[data-testid=declare-back]"))).hasSize(1);
        browser.check("71-network-suspected");

        WebElement reason = browser.find("#" + A + "-reason");
        reason.sendKeys("no answer from its interface engine; the lab's duty manager confirms an outage");
        reason.sendKeys(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Confirm " + A + " is down");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.waitFor("[data-testid=notice]");
        assertThat(state(A)).isEqualTo(LabState.DOWN);
        assertThat(card(A).findElement(By.cssSelector("[data-testid=state-words]")).getText())
                .contains("declared by net.network-manager").contains("duty manager confirms an outage");
        assertThat(orders("ROUTING") + orders("AT_PARTNER")).isEqualTo(1);
        assertThat(orders("DEFERRED")).isEqualTo(1);
        assertThat(card(A).findElements(By.cssSelector("[data-testid=deferred-queue] [data-held]"))).hasSize(1);

        WebElement drain = browser.find("#" + A + "-drain");
        drain.sendKeys("5" + Keys.ENTER);
        browser.waitFor("[data-testid=notice]");
        assertThat(browser.text("[data-testid=notice]")).contains(A + " declared back").contains("at 5 a minute");
        // Still unreachable, A may be suspected again at once; it is never down again without a declaration.
        assertThat(state(A)).isNotEqualTo(LabState.DOWN);
        assertThat(db.sql("select count(*) from event_log where stream_id = ? and event_type = 'NetworkLabStateChanged'")
                .param("network-lab:" + A).query(Integer.class).single()).isGreaterThanOrEqualTo(3);
        browser.check("72-network-back");
    }
}
