package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pathguard.Api;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.audit.LogSigner;
import org.pathguard.demo.DemoDay;
import org.pathguard.posture.EvidencePack;
import org.pathguard.posture.Posture;
import org.pathguard.posture.PostureReport;
import org.pathguard.posture.Rating;
import org.pathguard.posture.Reading;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security posture screen in Chromium: the lab manager and the privacy officer see each CAF outcome with its rating
 * and every indicator's finding, evidence and time; a manual indicator is attested on the page (a refused attestation
 * shows each problem beside its field, keeps what was typed and writes nothing); the signed evidence pack downloads;
 * every other person and every machine is refused the screen and its forms.
 */
class PostureBrowserTest extends ScreensOnADemoDay {

    @Override
    protected List<DemoDay.SyntheticPatient> seed(DemoDay day) throws Exception {
        return day.seed(20, 7, 1);
    }

    private static final String RECOVERY_PLAN = "b5a-outage-recovery-plan";

    private long attestations() {
        return db.sql("select count(*) from posture_attestation").query(Long.class).single();
    }

    private long packs() {
        return db.sql("select count(*) from posture_evidence_pack").query(Long.class).single();
    }

    private PostureReport report() {
        return lab.bean(Posture.class).report(new Actor("posture.reader", Actor.Role.LAB_MANAGER, "PGLAB", null));
    }

    @Test
    void theLabManagerSeesEveryOutcomeWithItsRatingAndEachIndicatorsFinding() {
        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/");
        assertThat(browser.all("header nav a").stream().map(WebElement::getText)).contains("Security posture");
        browser.open("/posture");
        PostureReport report = report();
        assertThat(report.outcomes()).as("at least the manual indicators").isNotEmpty();
        List<WebElement> outcomes = browser.all("[data-testid=outcome]");
        assertThat(outcomes).extracting(o -> o.getAttribute("data-outcome"))
                .containsExactlyElementsOf(report.outcomes().stream().map(o -> o.outcome().code()).toList());
        for (var outcome : report.outcomes()) {
            WebElement shown = browser.find("[data-testid=outcome][data-outcome='" + outcome.outcome().code() + "']");
            assertThat(shown.getAttribute("data-rating")).isEqualTo(outcome.rating().name());
            for (Reading reading : outcome.readings()) {
                WebElement row = shown.findElement(org.openqa.selenium.By.cssSelector("[data-indicator='" + reading.indicator().id() + "']"));
                assertThat(row.getText()).contains(reading.indicator().title());
                assertThat(row.getAttribute("data-kind")).isEqualTo(reading.indicator().kind().name());
            }
        }
        browser.check("posture-outcomes");
    }

    @Test
    void aRefusedAttestationShowsEachProblemBesideItsFieldKeepsWhatWasTypedAndWritesNothing() {
        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/posture");
        long before = attestations();
        browser.find("#indicator-" + RECOVERY_PLAN + " [data-testid=attest-link]").click();
        assertThat(new Select(browser.find("#indicatorId")).getFirstSelectedOption().getAttribute("value")).isEqualTo(RECOVERY_PLAN);

        browser.find("#statement").sendKeys("ok");
        browser.submitWith("[data-testid=attest]");
        assertThat(browser.text("[data-testid=evidence-error]")).contains("link or reference");
        assertThat(browser.text("[data-testid=statement-error]")).contains("in words");
        assertThat(browser.all("[data-testid=indicatorId-error]")).isEmpty();
        assertThat(new Select(browser.find("#indicatorId")).getFirstSelectedOption().getAttribute("value")).as("what was chosen is kept")
                .isEqualTo(RECOVERY_PLAN);
        assertThat(browser.find("#statement").getAttribute("value")).as("what was typed is kept").isEqualTo("ok");
        assertThat(browser.driver().getTitle()).startsWith("Error:");
        browser.check("posture-attestation-refused");

        String tooLong = "https://intranet.pglab.nhs.uk/plans/" + "x".repeat(500);
        browser.find("#evidence").sendKeys(tooLong);
        browser.find("#statement").clear();
        browser.find("#statement").sendKeys("Plan agreed with both partner labs on 3 Nov 2026");
        browser.submitWith("[data-testid=attest]");
        assertThat(browser.text("[data-testid=evidence-error]")).contains("at most 500 characters");
        assertThat(browser.all("[data-testid=statement-error]")).isEmpty();
        assertThat(browser.find("#evidence").getAttribute("value")).isEqualTo(tooLong);
        assertThat(browser.find("#statement").getAttribute("value")).isEqualTo("Plan agreed with both partner labs on 3 Nov 2026");

        // An indicator the form does not offer (a forged or stale form): said beside the choice, the id kept.
        Accounts.Secrets manager = person(Actor.Role.LAB_MANAGER, "PGLAB");
        Api.Response forged = Api.person(lab.port(), manager.username(), manager.password(), manager.totpSecret())
                .postForm("/posture/attestations", Map.of("indicatorId", "b2a-second-factor", "evidence", "DOC-1",
                        "statement", "Every account has a second factor today"));
        assertThat(forged.status()).isEqualTo(422);
        assertThat(forged.contentType()).startsWith("text/html");
        assertThat(forged.body()).contains("data-testid=\"indicatorId-error\"").contains("value=\"b2a-second-factor\" selected");
        assertThat(attestations()).as("nothing written").isEqualTo(before);
        assertThat(report().outcomes().stream().flatMap(o -> o.readings().stream())
                .filter(r -> r.indicator().id().equals(RECOVERY_PLAN)).findFirst().orElseThrow().rating()).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void aGoodAttestationTurnsTheIndicatorAchievedWithWhoAttestedWhenAndWhenItLapses() {
        Accounts.Secrets officer = person(Actor.Role.AUDITOR, "PGLAB");
        signInAs(officer);
        browser.open("/");
        assertThat(browser.all("header nav a").stream().map(WebElement::getText)).contains("Security posture");
        browser.open("/posture?attest=d1c-exercised-with-partner-labs#attest");
        WebElement row = browser.find("#indicator-d1c-exercised-with-partner-labs");
        assertThat(row.getAttribute("data-rating")).isEqualTo("NOT_ACHIEVED");
        assertThat(row.findElement(By.cssSelector("[data-testid=finding]")).getText()).isEqualTo("Not attested");

        browser.find("#evidence").sendKeys("https://intranet.pglab.nhs.uk/resilience/exercise-2026-11.pdf");
        browser.find("#statement").sendKeys("Tabletop exercise of a ransomware outage with both partner labs on 3 Nov 2026");
        browser.submitWith("[data-testid=attest]");
        assertThat(browser.text("[data-testid=notice]")).contains("Attested").contains("counts until");
        row = browser.find("#indicator-d1c-exercised-with-partner-labs");
        assertThat(row.getAttribute("data-rating")).isEqualTo("ACHIEVED");
        assertThat(row.getText()).contains(officer.username()).contains("exercise-2026-11.pdf").contains("lapses on");
        assertThat(browser.find("[data-testid=outcome][data-outcome='D1.c'] [data-testid=indicator][data-indicator='d1c-exercised-with-partner-labs']")
                .getAttribute("data-rating")).isEqualTo("ACHIEVED");
        assertThat(db.sql("select count(*) from posture_attestation where indicator_id = 'd1c-exercised-with-partner-labs'")
                .query(Long.class).single()).isEqualTo(1);
        // README's picture: the page from its top, one manual indicator attested.
        browser.open("/posture");
        browser.check("posture-attested");

        browser.open("/posture?attest=b6b-break-glass-training#attest");
        browser.find("#evidence").sendKeys("LMS course PG-BG-1 <img src=x>");
        browser.find("#statement").sendKeys("All authorisers completed the break-glass module <b>in November</b>");
        browser.submitWith("[data-testid=attest]");
        assertThat(browser.text("#indicator-b6b-break-glass-training")).as("what an attester typed is shown as text, never as markup")
                .contains("LMS course PG-BG-1 <img src=x>").contains("<b>in November</b>");
        assertThat(browser.all("#indicator-b6b-break-glass-training img, #indicator-b6b-break-glass-training b")).isEmpty();
    }

    @Test
    void theEvidencePackDownloadsSignedByTheLabsCheckpointKey() {
        signInAs(person(Actor.Role.LAB_MANAGER, "PGLAB"));
        browser.open("/posture");
        long before = packs();
        // Posted with the page's own session and CSRF token, as the button does, to read the file the browser would save.
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.querySelector("[data-testid=evidence-pack-form]");
                fetch(form.action, {method: "POST", body: new URLSearchParams(new FormData(form))})
                  .then(async r => {
                    const bytes = new Uint8Array(await r.arrayBuffer());
                    let binary = "";
                    bytes.forEach(b => binary += String.fromCharCode(b));
                    done({status: r.status, type: r.headers.get("Content-Type"), disposition: r.headers.get("Content-Disposition"),
                          body: btoa(binary)});
                  });""");
        assertThat(saved.get("status")).isEqualTo(200L);
        assertThat(saved.get("type")).isEqualTo("application/zip");
        assertThat((String) saved.get("disposition")).startsWith("attachment").contains("posture-evidence-pack-");
        byte[] zip = Base64.getDecoder().decode((String) saved.get("body"));
        assertThat(packs()).as("its making recorded").isEqualTo(before + 1);
        assertThat(EvidencePack.check(zip, lab.bean(LogSigner.class).key())).contains("both files are as signed");
    }

    @Test
    void everyOtherPersonAndEveryMachineIsRefusedTheScreenAndNotOfferedIt() {
        for (Actor.Role role : List.of(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.ADMINISTRATOR, Actor.Role.REQUESTER)) {
            Accounts.Secrets s = person(role, role == Actor.Role.REQUESTER ? "G85001" : "PGLAB");
            signInAs(s);
            assertThat(browser.all("header nav a").stream().map(WebElement::getText)).as(role.name()).doesNotContain("Security posture");
            browser.open("/posture");
            assertThat(browser.text("[data-testid=refusal]")).as(role.name()).contains("needs one of the roles");
            assertThat(browser.all("[data-testid=outcome]")).isEmpty();
        }
        long before = attestations();
        long packsBefore = packs();
        Map<String, String> good = Map.of("indicatorId", RECOVERY_PLAN, "evidence", "DOC-77",
                "statement", "Recovery plan agreed with both partner labs");
        // An administrator attests through the API; the screen and its forms are the lab manager's and privacy officer's.
        for (Actor.Role role : List.of(Actor.Role.SCIENTIST, Actor.Role.ADMINISTRATOR, Actor.Role.REQUESTER)) {
            Accounts.Secrets s = person(role, role == Actor.Role.REQUESTER ? "G85001" : "PGLAB");
            Api signedIn = Api.person(lab.port(), s.username(), s.password(), s.totpSecret());
            assertThat(signedIn.postForm("/posture/attestations", good).status()).as(role.name()).isEqualTo(403);
            assertThat(signedIn.postForm("/posture/evidence-pack", Map.of()).status()).as(role.name()).isEqualTo(403);
        }
        String credential = lab.bean(Accounts.class).issueCredential(Actor.SYSTEM, "posture.machine", "PGLAB", List.copyOf(Scope.NAMES)).token();
        Api machine = Api.machine(lab.port(), credential);
        for (Api.Response answer : List.of(machine.get("/posture"), machine.postForm("/posture/attestations", good),
                machine.postForm("/posture/evidence-pack", Map.of()))) {
            assertThat(answer.status()).isIn(401, 403);
            assertThat(answer.body()).doesNotContain("data-testid=\"outcome\"").doesNotContain("PK");
        }
        // A lab manager and a privacy officer of another organisation (a partner lab's, say): the posture is this lab's.
        for (Actor.Role role : List.of(Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR)) {
            Accounts.Secrets elsewhere = person(role, "RJ100");
            Api partner = Api.person(lab.port(), elsewhere.username(), elsewhere.password(), elsewhere.totpSecret());
            Api.Response page = partner.get("/posture");
            assertThat(page.status()).as(role.name()).isEqualTo(403);
            assertThat(page.body()).contains("another organisation").doesNotContain("data-testid=\"outcome\"");
            assertThat(partner.postForm("/posture/attestations", good).status()).as(role.name()).isEqualTo(403);
            assertThat(partner.postForm("/posture/evidence-pack", Map.of()).status()).as(role.name()).isEqualTo(403);
        }
        // The lab manager's own session without its CSRF token: a page elsewhere cannot attest or make a pack in their name.
        Accounts.Secrets manager = person(Actor.Role.LAB_MANAGER, "PGLAB");
        Api forged = Api.person(lab.port(), manager.username(), manager.password(), manager.totpSecret()).withoutHeader("X-CSRF-TOKEN");
        for (Api.Response answer : List.of(forged.postForm("/posture/attestations", good), forged.postForm("/posture/evidence-pack", Map.of()))) {
            assertThat(answer.status()).as("a screen's form without its token goes to sign-in, as every screen's").isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/sign-in");
        }
        assertThat(attestations()).as("nothing written").isEqualTo(before);
        assertThat(packs()).as("no pack made").isEqualTo(packsBefore);
    }
}
