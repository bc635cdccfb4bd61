package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.pathguard.Api;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.patient.PatientRegistry;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0033 on the screens: a lab manager corrects a patient's details and merges a duplicate record into the one that
 * stays, in a real browser against a real server. Bad input comes back beside its field, as typed, writing nothing;
 * success returns to the record with a notice and the change in its history; the duplicate's page says where it went
 * before any break-glass; other roles see no forms and are refused when they post to them. Every new page is axe-checked.
 */
class PatientRecordChangesBrowserTest extends ScreensOnADemoDay {

    private static final String PRACTICE = "G85001";
    private static final String LAB = "PGLAB";

    private record Person(UUID id, String nhsNumber, String familyName) {
    }

    @Test
    void aLabManagerCorrectsADateOfBirthTypedWronglyFirstThenRightAndTheRecordShowsTheCorrection() {
        Person patient = registerWithOrder(Api.randomName(9), "1975-03-16", "CRP");
        Accounts.Secrets manager = person(Actor.Role.LAB_MANAGER, LAB);
        signInAs(manager);
        browser.open("/patients/" + patient.id());
        assertThat(browser.waitFor("[data-testid=no-changes]").getText()).contains("as it was registered");
        browser.find("[data-testid=correct-details]").click();
        browser.waitFor("[data-testid=correction-form]");
        assertThat(browser.driver().getTitle()).isEqualTo("Correct a patient’s details – PathGuard");
        assertThat(browser.find("#nhsNumber").getAttribute("value")).as("prefilled with the record").isEqualTo(patient.nhsNumber());
        assertThat(browser.find("#familyName").getAttribute("value")).isEqualTo(patient.familyName());
        assertThat(List.of(value("#bornDay"), value("#bornMonth"), value("#bornYear"))).containsExactly("16", "3", "1975");
        browser.check("pc01-correction-form");

        // The year was typed 1975 for 1957; the manager also mistypes the day, and is told beside the date, nothing written.
        long before = lastSequence();
        type("#bornDay", "31");
        type("#bornMonth", "2");
        type("#bornYear", "1957");
        type("#reason", "Year of birth transposed at registration; checked against the request form");
        browser.find("[data-testid=save-correction]").click();
        assertThat(browser.waitFor("[data-testid=error-dateOfBirth]").getText()).contains("must be a real date");
        assertThat(browser.driver().getTitle()).startsWith("Error:");
        assertThat(List.of(value("#bornDay"), value("#bornMonth"), value("#bornYear"))).as("what was typed is kept")
                .containsExactly("31", "2", "1957");
        assertThat(value("#reason")).isEqualTo("Year of birth transposed at registration; checked against the request form");
        assertThat(browser.find("#bornDay").getAttribute("class")).contains("nhsuk-input--error");
        assertThat(browser.text("[data-testid=field-errors]")).contains("must be a real date");
        assertThat(appendedSince(before)).as("a refused correction writes nothing").doesNotContain("PatientCorrected");
        assertThat(noticesSince(before)).isEmpty();
        assertThat(lab.bean(PatientRegistry.class).get(patient.id()).dateOfBirth()).isEqualTo(LocalDate.of(1975, 3, 16));
        browser.check("pc02-correction-refused");

        type("#bornDay", "16");
        type("#bornMonth", "3");
        browser.find("[data-testid=save-correction]").click();
        assertThat(browser.waitFor("[data-testid=notice]").getText()).contains("Corrected date of birth").contains("privacy officer");
        assertThat(browser.path()).isEqualTo("/patients/" + patient.id());
        assertThat(lab.bean(PatientRegistry.class).get(patient.id()).dateOfBirth()).isEqualTo(LocalDate.of(1957, 3, 16));
        assertThat(browser.text("main")).contains("16 Mar 1957").doesNotContain("16 Mar 1975");
        List<WebElement> changes = browser.all("[data-testid=change]");
        assertThat(changes).hasSize(1);
        assertThat(changes.getFirst().getText()).contains("Corrected date of birth")
                .contains("Year of birth transposed at registration").contains(manager.username() + " (lab manager)");
        assertThat(db.sql("select count(*) from access_alert where kind = 'PATIENT_CORRECTED' and principal = ?")
                .param(manager.username()).query(Long.class).single()).isEqualTo(1);
        browser.check("pc03-record-corrected");
    }

    @Test
    void aLabManagerMergesADuplicateWithItsOrderAndResultAndTheDuplicatesPageSaysWhereItWent() {
        String family = Api.randomName(10);
        Person survivor = registerWithOrder(family, "1962-11-05", "CRP");
        // The same woman registered again in A&E under a temporary number, her name misspelt; blood taken and reported there.
        Person duplicate = registerWithOrder(family + "e", "1962-11-05", "UE");
        String accession = db.sql("select accession from lab_order where patient_id = ?").param(duplicate.id()).query(String.class).single();
        String barcode = db.sql("select s.barcode from specimen s join lab_order o on o.id = s.order_id where o.accession = ?")
                .param(accession).query(String.class).single();
        Api scientist = api(Actor.Role.SCIENTIST, LAB);
        var recorded = scientist.post("/api/results", Map.of("barcode", barcode,
                "results", List.of(Map.of("analyte", "NA", "value", "140", "unit", "mmol/L"))));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String resultId = recorded.json().get(0).get("id").asString();
        if (!recorded.json().get(0).get("status").asString().equals("FINAL")) {
            var authorised = api(Actor.Role.AUTHORISER, LAB).post("/api/results/" + resultId + "/authorisation", Map.of());
            assertThat(authorised.status()).as(authorised.body()).isEqualTo(200);
        }

        Accounts.Secrets manager = person(Actor.Role.LAB_MANAGER, LAB);
        signInAs(manager);
        browser.open("/patients/" + survivor.id());
        browser.waitFor("[data-testid=merge-duplicate]").click();
        browser.waitFor("[data-testid=find-duplicate]");
        browser.check("pc04-merge-find");

        // A number that is this record's own is answered beside the field, as typed.
        browser.find("#number").sendKeys(survivor.nhsNumber() + Keys.ENTER);
        assertThat(browser.waitFor("[data-testid=error-number]").getText()).contains("this record's own");
        assertThat(value("#number")).isEqualTo(survivor.nhsNumber());
        type("#number", duplicate.nhsNumber());
        browser.find("#number").sendKeys(Keys.ENTER);
        browser.waitFor("[data-testid=comparison]");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(duplicate.nhsNumber());
        List<String> differing = browser.all("[data-testid=comparison] tbody tr[data-differs=true] th").stream()
                .map(WebElement::getText).toList();
        assertThat(differing).hasSize(2).anySatisfy(t -> assertThat(t).startsWith("NHS number").endsWith("Differs"))
                .anySatisfy(t -> assertThat(t).startsWith("Family name"));
        assertThat(browser.text("[data-testid=comparison]")).contains(survivor.nhsNumber(), duplicate.nhsNumber(), family);
        assertThat(browser.text("[data-testid=duplicate-requests]")).contains(accession).contains("1 result");
        browser.check("pc05-merge-compare");

        // Not saying which NHS number was wrong is answered beside the choice, the reason kept; nothing is merged.
        long before = lastSequence();
        type("#reason", "Registered twice; the A&E number was temporary, checked on the spine");
        browser.find("[data-testid=check-merge]").click();
        assertThat(browser.waitFor("[data-testid=error-nhsNumberInError]").getText()).contains("Say which NHS number is wrong");
        assertThat(value("#reason")).isEqualTo("Registered twice; the A&E number was temporary, checked on the spine");
        browser.check("pc06-merge-refused");

        browser.find("label[for=inError-DUPLICATE]").click();
        browser.find("[data-testid=check-merge]").click();
        browser.waitFor("[data-testid=confirm-merge]");
        assertThat(browser.text("[data-testid=moving]")).contains("Request " + accession).contains("1 result");
        assertThat(browser.text("[data-testid=cleared]")).contains("The duplicate's NHS number " + duplicate.nhsNumber() + " is cleared")
                .contains("takes no new requests");
        assertThat(appendedSince(before)).as("nothing is merged before the confirmation").doesNotContain("PatientsMerged");
        assertThat(noticesSince(before)).isEmpty();
        assertThat(lab.bean(PatientRegistry.class).mergedInto(duplicate.id())).isEmpty();
        browser.check("pc07-merge-confirm");

        browser.find("[data-testid=merge]").click();
        assertThat(browser.waitFor("[data-testid=notice]").getText()).contains("Merged record " + duplicate.id())
                .contains("1 request and 1 result are now this patient's");
        assertThat(browser.path()).isEqualTo("/patients/" + survivor.id());
        assertThat(browser.text("[data-testid=cumulative]")).as("the duplicate's reported result on the survivor").contains(accession);
        assertThat(browser.text("[data-testid=change-history]")).contains("Merged in the duplicate record " + duplicate.id())
                .contains("checked on the spine");
        assertThat(db.sql("select patient_id from lab_order where accession = ?").param(accession).query(UUID.class).single())
                .isEqualTo(survivor.id());
        assertThat(db.sql("select patient_id from result where id = ?::uuid").param(resultId).query(UUID.class).single())
                .isEqualTo(survivor.id());
        browser.check("pc08-merged-survivor");

        // The duplicate's own page: merged, when, and where to, before any break-glass and without the patient's details.
        browser.open("/patients/" + duplicate.id());
        assertThat(browser.waitFor("[data-testid=merged-notice]").getText()).contains("This record was merged")
                .contains("record " + survivor.id());
        assertThat(browser.all("#reason")).as("the duplicate's details still need break-glass").hasSize(1);
        assertThat(browser.driver().getPageSource()).doesNotContain(duplicate.familyName()).doesNotContain(duplicate.nhsNumber());
        browser.check("pc09-merged-duplicate");
        browser.find("[data-testid=survivor-link]").click();
        assertThat(browser.waitFor("[data-testid=patient-name]").getText()).isEqualTo(family.toUpperCase() + ", Grace");
    }

    @Test
    void aScientistSeesNoFormsAndAForgedPostIsRefusedAsIsARequestersWritingNothing() {
        Person patient = registerWithOrder(Api.randomName(9), "1980-02-14", "CRP");
        Person other = registerWithOrder(Api.randomName(9), "1980-02-14", "CRP");
        signInAs(person(Actor.Role.SCIENTIST, LAB));
        browser.open("/patients/" + patient.id());
        browser.waitFor("[data-testid=patient-name]");
        assertThat(browser.all("[data-testid=record-changes]")).isEmpty();
        assertThat(browser.all("a[href$='/correction'], a[href$='/merge']")).isEmpty();
        browser.open("/patients/" + patient.id() + "/correction");
        assertThat(browser.waitFor("[data-testid=refusal]").getText()).contains("Not allowed");
        assertThat(browser.all("[data-testid=correction-form]")).isEmpty();

        long before = lastSequence();
        browser.open("/patients/" + patient.id());
        browser.waitFor("[data-testid=patient-name]");
        for (String[] post : List.of(
                new String[]{"/correction", "nhsNumber=" + patient.nhsNumber() + "&familyName=Forged&givenName=Grace&bornDay=14&bornMonth=2"
                        + "&bornYear=1980&sex=FEMALE&reason=forged+by+a+scientist"},
                new String[]{"/merge/check", "duplicate=" + other.id() + "&nhsNumberInError=DUPLICATE&reason=forged+by+a+scientist"},
                new String[]{"/merge", "duplicate=" + other.id() + "&nhsNumberInError=DUPLICATE&reason=forged+by+a+scientist"})) {
            Object answer = browser.driver().executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(arguments[0], {method: 'POST', headers: {'X-CSRF-TOKEN': document.querySelector('meta[name=csrf-token]').content,
                      'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})
                      .then(r => r.text().then(t => done([r.status, t])));""", "/patients/" + patient.id() + post[0], post[1]);
            assertThat(answer.toString()).as(post[0]).startsWith("[403").contains("Not allowed");
        }
        Api requester = api(Actor.Role.REQUESTER, PRACTICE);
        Api.Response asRequester = requester.postForm("/patients/" + other.id() + "/merge", Map.of("duplicate", patient.id().toString(),
                "nhsNumberInError", "DUPLICATE", "reason", "forged by a requester"));
        assertThat(asRequester.status()).isEqualTo(403);
        assertThat(requester.get("/patients/" + patient.id() + "/correction").status()).isEqualTo(403);
        assertThat(appendedSince(before)).doesNotContain("PatientCorrected", "PatientsMerged");
        assertThat(noticesSince(before)).isEmpty();
        assertThat(lab.bean(PatientRegistry.class).get(patient.id()).familyName()).isEqualTo(patient.familyName());
        assertThat(lab.bean(PatientRegistry.class).mergedInto(patient.id())).isEmpty();
        assertThat(lab.bean(PatientRegistry.class).mergedInto(other.id())).isEmpty();
    }

    /** A patient registered by the practice with one request and its tube received, so the lab has work for them. */
    private Person registerWithOrder(String familyName, String dateOfBirth, String test) {
        Api gp = api(Actor.Role.REQUESTER, PRACTICE);
        String nhs = Api.newNhsNumber();
        var registered = gp.post("/api/patients", Map.of("nhsNumber", nhs, "familyName", familyName, "givenName", "Grace",
                "dateOfBirth", dateOfBirth, "sex", "FEMALE"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        UUID id = UUID.fromString(registered.json().get("id").asString());
        String barcode = Api.unique("PC");
        var placed = gp.post("/api/orders", Map.of("patientId", id, "requesterOds", PRACTICE, "clinician", "Dr Adeyemi",
                "priority", "ROUTINE", "tests", List.of(test), "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var received = api(Actor.Role.SCIENTIST, LAB).post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        return new Person(id, nhs, familyName);
    }

    private Api api(Actor.Role role, String organisation) {
        Accounts.Secrets s = person(role, organisation);
        return Api.person(lab.port(), s.username(), s.password(), s.totpSecret());
    }

    private long lastSequence() {
        return db.sql("select coalesce(max(seq), 0) from event_log").query(Long.class).single();
    }

    private List<String> appendedSince(long sequence) {
        return db.sql("select event_type from event_log where seq > ? order by seq").param(sequence).query(String.class).list();
    }

    /** Notices to the privacy officer of corrections and merges since {@code sequence} (reads may raise others). */
    private List<String> noticesSince(long sequence) {
        return db.sql("select kind from access_alert where event_sequence > ? and kind in ('PATIENT_CORRECTED', 'PATIENTS_MERGED')")
                .param(sequence).query(String.class).list();
    }

    private String value(String css) {
        return browser.find(css).getAttribute("value");
    }

    private void type(String css, String text) {
        WebElement field = browser.find(css);
        field.clear();
        field.sendKeys(text);
    }
}
