package org.pathguard.ui;

import org.pathguard.lab.RequesterSetting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.interop.hl7.Mllp;
import org.pathguard.lab.Priority;
import org.pathguard.router.DirectoryProposal;
import org.pathguard.router.LabState;
import org.pathguard.router.MutualAid;
import org.pathguard.router.NetworkDirectory;
import org.pathguard.router.NetworkLab;
import org.pathguard.router.NetworkRequester;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network router of the test class's own (pathguard.mode=router) and Debian's Chromium driving its screens: a directory
 * of three labs (A the home lab, B and C its partners), two GP practices served by A, and mutual aid from B and C, set up
 * through the directory service by two network managers; orders come over MLLP as a practice's order comms send them.
 * No lab listens, so orders wait to be passed to A as they would while it is unreachable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScreensOnARouter {

    static final String A = "LABA";
    static final String B = "LABB";
    static final String C = "LABC";
    static final String GP = "G85001";
    static final String OTHER_GP = "G85002";
    private static final Actor FIRST = new Actor("net.setup-one", Actor.Role.NETWORK_MANAGER, "PGNET", null);
    private static final Actor SECOND = new Actor("net.setup-two", Actor.Role.NETWORK_MANAGER, "PGNET", null);
    private static final AtomicInteger PEOPLE = new AtomicInteger();

    /** The class's own count of orders, so placer numbers P{practice}-{n} number them from 1 on each router. */
    private final AtomicInteger sent = new AtomicInteger();
    protected StandaloneLab router;
    protected Browser browser;
    protected JdbcClient db;

    /** How long passing orders to a lab may fail before the router suspects it. */
    protected abstract String suspectAfter();

    /** The orders sent before the test class's tests begin. */
    protected abstract void ordersBeforeTheFall();

    @BeforeAll
    void startRouter() throws Exception {
        int nobodyListens;
        try (ServerSocket closed = new ServerSocket(0)) {
            nobodyListens = closed.getLocalPort();
        }
        router = StandaloneLab.startTemporary("pathguard-router-ui-", "--pathguard.mode=router",
                "--pathguard.router.suspect-after=" + suspectAfter(), "--pathguard.router.first-retry=PT0.5S",
                "--pathguard.router.longest-retry=PT2S");
        db = router.bean(JdbcClient.class);
        NetworkDirectory directory = router.bean(NetworkDirectory.class);
        for (String lab : List.of(A, B, C)) {
            agree(directory.proposeLab(FIRST, new NetworkLab(lab, "Lab " + lab.charAt(3), "127.0.0.1", nobodyListens, false, "PATHGUARD",
                    lab)));
        }
        for (String gp : List.of(GP, OTHER_GP)) {
            agree(directory.proposeRequester(FIRST, new NetworkRequester(gp, "Practice " + gp, RequesterSetting.GP, A,
                    "127.0.0.1", nobodyListens, false, null)));
        }
        agree(directory.proposeMutualAid(FIRST, new MutualAid(A, B, List.of("UE", "FBC"),
                Map.of(Priority.CRITICAL, 1, Priority.URGENT, 1, Priority.ROUTINE, 0),
                Map.of(Priority.CRITICAL, 30, Priority.URGENT, 120), 20)));
        agree(directory.proposeMutualAid(FIRST, new MutualAid(A, C, List.of("UE", "FBC"),
                Map.of(Priority.CRITICAL, 2, Priority.URGENT, 2, Priority.ROUTINE, 0),
                Map.of(Priority.CRITICAL, 40, Priority.URGENT, 150), 15)));
        router.loopbackHl7Sender(GP, OTHER_GP);
        ordersBeforeTheFall();
        browser = new Browser(router.port());
    }

    @AfterAll
    void stopRouter() {
        if (browser != null) {
            browser.close();
        }
        if (router != null) {
            router.close();
        }
    }

    private void agree(DirectoryProposal proposal) {
        router.bean(NetworkDirectory.class).decide(SECOND, proposal.id(), true, null);
    }

    /** An OML^O21 for U&E from {@code practice}'s order comms over MLLP (TQ1-9 {@code priority}); the router's acknowledgement. */
    protected String order(String practice, String priority) {
        int n = sent.incrementAndGet();
        String message = SyntheticMessages.oml("NET" + n, practice, "P" + practice + "-" + n,
                new SyntheticMessages.Person("9434765919", null, "TESTPATIENT", "Ada", "19800101", "F", null), priority, null,
                List.of(new SyntheticMessages.Request("UE", null, null)));
        try (Mllp mllp = new Mllp(router.mllpPort())) {
            return mllp.send(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Accounts.Secrets person(Actor.Role role, String organisation) {
        return router.bean(Accounts.class).createEnrolled(Actor.SYSTEM, "net." + role.name().toLowerCase().replace('_', '-')
                + PEOPLE.incrementAndGet(), role, organisation);
    }

    protected void signInAs(Accounts.Secrets s) {
        browser.open("/sign-in");
        browser.driver().manage().deleteAllCookies();
        browser.signIn(s.username(), s.password(), s.totpSecret());
    }

    protected WebElement card(String ods) {
        return browser.find("[data-lab][data-ods='" + ods + "']");
    }

    protected LabState state(String ods) {
        return LabState.valueOf(db.sql("select state from router_lab where ods = ?").param(ods).query(String.class).single());
    }

    protected long orders(String state) {
        return db.sql("select count(*) from router_order where home_lab = ? and state = ?").params(A, state).query(Long.class).single();
    }

    /** A request from the page, with the session's cookie and no redirect followed; its status and body. */
    protected String fetch(String method, String path, String body) {
        return (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const init = {method: arguments[0], credentials: 'same-origin', redirect: 'manual'};
                if (arguments[2] !== null) {
                  init.body = arguments[2];
                  init.headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                }
                fetch(arguments[1], init).then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('failed ' + e));""",
                method, path, body);
    }

    protected String csrf() {
        return browser.find("meta[name=csrf-token]").getAttribute("content");
    }
}
