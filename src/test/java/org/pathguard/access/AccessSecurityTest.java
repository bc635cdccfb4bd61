package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.eventlog.EventLog;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who can sign in, and what a signed-in principal can read, through the real server. */
class AccessSecurityTest extends LabServerTest {

    @Autowired
    EventLog log;

    private Api orderComms() {
        return api("order-comms.access", "INTERFACE");
    }

    /** A new patient with an order from {@code requesterOds}; returns the patient's id, NHS number and accession. */
    private String[] patientOrderedBy(String requesterOds) {
        String nhs = Api.newNhsNumber();
        var patient = orderComms().post("/api/patients", Map.of("nhsNumber", nhs, "familyName", "Sharma", "givenName", "Priya",
                "dateOfBirth", "1975-04-02", "sex", "FEMALE", "postcode", "SE1 7EH"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String id = patient.json().get("id").asString();
        var order = orderComms().post("/api/orders", Map.of("patientId", id, "requesterOds", requesterOds, "clinician", "Dr A",
                "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        return new String[]{id, nhs, order.json().get("accession").asString()};
    }

    private long eventsOfType(String type) {
        return db.sql("select count(*) from event_log where event_type = ?").param(type).query(Long.class).single();
    }

    @Test
    void aCorrectPasswordWithoutTheSecondFactorGetsNothing() {
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "half.signed", Actor.Role.SCIENTIST, LAB);
        String patient = patientOrderedBy(PRACTICE)[0];
        Api browser = Api.anonymous(port);
        Api withToken = browser.withHeader("X-CSRF-TOKEN", browser.get("/api/session").json().get("csrfToken").asString());
        var afterPassword = withToken.post("/api/session/password", Map.of("username", s.username(), "password", s.password()));
        assertThat(afterPassword.status()).isEqualTo(200);
        assertThat(afterPassword.json().get("signedIn").asBoolean()).isFalse();
        assertThat(afterPassword.json().get("next").asString()).isEqualTo("second-factor");

        var read = withToken.get("/api/patients/" + patient);
        assertThat(read.status()).isEqualTo(401);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(read.body()).doesNotContain("Sharma");
        assertThat(withToken.get("/fhir/Patient/" + patient).status()).isEqualTo(401);

        var wrongCode = withToken.post("/api/session/second-factor", Map.of("code", "000000"));
        assertThat(wrongCode.status()).isEqualTo(401);
        assertThat(withToken.get("/api/patients/" + patient).status()).isEqualTo(401);
    }

    @Test
    void signingInChangesTheSessionIdAndEveryChangeNeedsTheCurrentCsrfToken() {
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "csrf.check", Actor.Role.SCIENTIST, LAB);
        Api browser = Api.anonymous(port);
        String firstToken = browser.get("/api/session").json().get("csrfToken").asString();
        String cookieBefore = browser.cookie();
        Api step = browser.withHeader("X-CSRF-TOKEN", firstToken);
        assertThat(step.post("/api/session/password", Map.of("username", s.username(), "password", s.password())).status()).isEqualTo(200);
        var signedIn = step.post("/api/session/second-factor", Map.of("code", nextCode(s)));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(browser.cookie()).as("a new session id at sign-in").isNotEqualTo(cookieBefore);
        String token = signedIn.json().get("csrfToken").asString();
        assertThat(token).isNotEqualTo(firstToken);

        String barcode = Api.unique("CSRF");
        var noToken = browser.post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("csrf-token-required");
        assertThat(browser.withHeader("X-CSRF-TOKEN", firstToken).post("/api/specimens/" + barcode + "/receipt", Map.of()).status())
                .as("the token from before sign-in is dead").isEqualTo(403);
        assertThat(browser.withHeader("X-CSRF-TOKEN", token).post("/api/specimens/" + barcode + "/receipt", Map.of()).status())
                .as("with the current token the request reaches the lab (which knows no such tube)").isEqualTo(404);

        var signedOut = browser.withHeader("X-CSRF-TOKEN", token).delete("/api/session");
        assertThat(signedOut.status()).isEqualTo(200);
        assertThat(browser.get("/api/validation-queue").status()).isEqualTo(401);
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountAndGuessingIsRateLimited() {
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "locked.out", Actor.Role.REQUESTER, PRACTICE);
        Api browser = Api.anonymous(port);
        for (int i = 0; i < 5; i++) {
            var wrong = browser.post("/api/session/password", Map.of("username", s.username(), "password", "wrong-password-" + i));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("The username or password is wrong");
        }
        var locked = browser.post("/api/session/password", Map.of("username", s.username(), "password", s.password()));
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body()).as("even the right password is refused while locked, in words that tell a guesser nothing")
                .contains("The username or password is wrong, or the account is locked");
        assertThat(eventsOfType("SignInFailed")).isGreaterThanOrEqualTo(5);
        Instant lockedUntil = db.sql("select locked_until from account where username = ?").param(s.username())
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(lockedUntil).isAfter(Instant.now().plusSeconds(30));

        // Guessing many passwords for one name (known or not) is slowed before any hash is computed.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(browser.post("/api/session/password", Map.of("username", "no.such.user", "password", "guess-" + i)).status());
        }
        assertThat(statuses.subList(0, 10)).containsOnly(401);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
        var limited = browser.post("/api/session/password", Map.of("username", "no.such.user", "password", "guess"));
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("rate-limited");
    }

    @Test
    void enrolmentThroughTheOneTimeLinkWithQrCodeAndRecoveryCodes() {
        Api admin = api("admin.enrol", "ADMINISTRATOR");
        var invited = admin.post("/api/admin/accounts", Map.of("username", "new.starter", "role", "SCIENTIST", "organisation", LAB));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        String link = invited.json().get("enrolmentPath").asString();

        Api browser = Api.anonymous(port);
        browser = browser.withHeader("X-CSRF-TOKEN", browser.get("/api/session").json().get("csrfToken").asString());
        assertThat(browser.get(link).json().get("username").asString()).isEqualTo("new.starter");
        JsonNode authenticator = browser.post(link + "/authenticator", Map.of()).json();
        assertThat(authenticator.get("otpauthUri").asString()).startsWith("otpauth://totp/PathGuard:new.starter?secret=");
        assertThat(authenticator.get("qrCodeSvg").asString()).startsWith("<svg").contains("<path");
        byte[] secret = SecondFactor.fromBase32(authenticator.get("secret").asString());

        var weak = browser.post(link, Map.of("password", "short", "code", SecondFactor.code(secret, Instant.now())));
        assertThat(weak.status()).isEqualTo(422);
        var wrongCode = browser.post(link, Map.of("password", "a long enough passphrase", "code", "123456"));
        assertThat(wrongCode.status()).isEqualTo(401);
        var done = browser.post(link, Map.of("password", "a long enough passphrase", "code", SecondFactor.code(secret, Instant.now())));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        List<String> recovery = done.json().get("recoveryCodes").valueStream().map(JsonNode::asString).toList();
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        assertThat(browser.get(link).status()).as("the link works once").isEqualTo(404);

        // A lost phone: a recovery code stands in for the TOTP code, once.
        assertThat(signInWithCode("new.starter", "a long enough passphrase", recovery.get(3)).status()).isEqualTo(200);
        assertThat(signInWithCode("new.starter", "a long enough passphrase", recovery.get(3)).status()).isEqualTo(401);
        assertThat(signInWithCode("new.starter", "a long enough passphrase", recovery.get(4)).status()).isEqualTo(200);

        assertThat(db.sql("select count(*) from account where username = 'new.starter' and password_hash like '$argon2id$%'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(api("bms.invite", "SCIENTIST").post("/api/admin/accounts",
                Map.of("username", "sneaky", "role", "ADMINISTRATOR", "organisation", LAB)).status()).isEqualTo(403);
    }

    private Api.Response signInWithCode(String username, String password, String code) {
        Api browser = Api.anonymous(port);
        browser = browser.withHeader("X-CSRF-TOKEN", browser.get("/api/session").json().get("csrfToken").asString());
        browser.post("/api/session/password", Map.of("username", username, "password", password));
        return browser.post("/api/session/second-factor", Map.of("code", code));
    }

    private static String nextCode(Accounts.Secrets s) {
        return SecondFactor.code(SecondFactor.fromBase32(s.totpSecret()), Instant.now().plusSeconds(30));
    }

    @Test
    void aClinicianScriptedToReadManyPatientsIsStoppedAtItsBudget() {
        List<String[]> patients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            patients.add(patientOrderedBy(PRACTICE));
        }
        Api scraper = api("dr.scraper", "REQUESTER");
        long alertsBefore = eventsOfType("AccessAlertRaised");
        int read = 0;
        int refused = 0;
        for (String[] p : patients) {
            var r = scraper.get("/api/patients/" + p[0]);
            if (r.status() == 200) {
                assertThat(r.body()).contains("Sharma");
                read++;
            } else {
                assertThat(r.status()).isEqualTo(429);
                assertThat(r.body()).contains("read-budget-exceeded").doesNotContain("Sharma");
                refused++;
            }
        }
        assertThat(read).isEqualTo(25);
        assertThat(refused).isEqualTo(5);
        assertThat(db.sql("select count(distinct patient_id) from patient_read where principal = 'dr.scraper'").query(Long.class).single())
                .as("patients decrypted for the scraper").isEqualTo(25);
        assertThat(db.sql("select count(*) from access_alert where principal = 'dr.scraper' and kind = 'READ_BUDGET'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(eventsOfType("AccessAlertRaised")).isGreaterThan(alertsBefore);
        assertThat(db.sql("select flagged_for_review from account where username = 'dr.scraper'").query(Boolean.class).single()).isTrue();
        assertThat(scraper.get("/api/patients/" + patients.getFirst()[0]).status())
                .as("a patient already read stays readable: nothing new is decrypted").isEqualTo(200);
        assertThat(api("privacy.officer", "AUDITOR").get("/api/audit/alerts").body()).contains("dr.scraper", "READ_BUDGET");
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void walkingConsecutiveNhsNumbersIsFlagged() {
        Api walker = api("dr.walker", "REQUESTER");
        long base = 999_300_000 + (System.nanoTime() % 50_000) * 10;
        for (long nine = base; nine < base + 6; nine++) {
            String nhs = org.pathguard.lab.NhsNumber.withCheckDigit(Long.toString(nine)).map(n -> n.value()).orElse(null);
            if (nhs != null) {
                walker.post("/api/patients/search", Map.of("nhsNumber", nhs));
            }
        }
        assertThat(db.sql("select count(*) from access_alert where principal = 'dr.walker' and kind = 'CONSECUTIVE_IDENTIFIERS'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anInterfaceCredentialSendsButCannotRead() {
        String[] p = patientOrderedBy(PRACTICE);
        Api machine = orderComms();
        var patient = machine.get("/api/patients/" + p[0]);
        assertThat(patient.status()).isEqualTo(403);
        assertThat(patient.body()).doesNotContain("Sharma");
        assertThat(machine.post("/api/patients/search", Map.of("nhsNumber", p[1])).status()).isEqualTo(403);
        assertThat(machine.get("/api/orders/" + p[2]).status()).isEqualTo(403);
        assertThat(machine.get("/fhir/Patient/" + p[0]).status()).isEqualTo(403);
        assertThat(machine.get("/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + p[1]).status()).isEqualTo(403);

        Api resultsOnly = Api.machine(port, accounts.issueCredential(Actor.SYSTEM, "analyser.results-only", LAB,
                List.of(Scope.RESULTS)).token());
        var order = resultsOnly.post("/api/orders", Map.of("patientId", p[0], "requesterOds", PRACTICE, "clinician", "Dr A",
                "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(order.status()).as("a results credential cannot place orders").isEqualTo(403);
        assertThat(resultsOnly.post("/api/results", Map.of("barcode", "NOSUCH", "results", List.of())).status())
                .as("but reaches the results endpoint").isNotEqualTo(403);

        var forged = Api.machine(port, "pgc_not-a-real-credential").get("/api/validation-queue");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).contains("invalid-credential");

        var issued = api("admin.machines", "ADMINISTRATOR").post("/api/admin/credentials",
                Map.of("name", "analyser.retired", "organisation", LAB, "scopes", List.of("results"))).json();
        Api retired = Api.machine(port, issued.get("token").asString());
        assertThat(retired.post("/api/results", Map.of("barcode", "NOSUCH", "results", List.of())).status()).isNotEqualTo(401);
        assertThat(api("admin.machines", "ADMINISTRATOR").post("/api/admin/credentials/" + issued.get("id").asString() + "/revocation",
                Map.of()).status()).isEqualTo(204);
        assertThat(retired.post("/api/results", Map.of("barcode", "NOSUCH", "results", List.of())).status())
                .as("a revoked credential stops at once").isEqualTo(401);
    }

    @Test
    void anotherOrganisationsRequesterNeedsBreakGlassWhichIsLoggedAndReviewed() {
        String[] p = patientOrderedBy(PRACTICE);
        Api otherPractice = api("dr.elsewhere", "REQUESTER", "G85013");
        var refused = otherPractice.get("/api/patients/" + p[0]);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("no-reason-to-read", "break-glass").doesNotContain("Sharma");
        assertThat(otherPractice.get("/api/patients/" + p[0] + "/cumulative").status()).isEqualTo(403);
        var fhir = otherPractice.get("/fhir/Observation?subject=Patient/" + p[0]);
        assertThat(fhir.status()).as("FHIR answers to the same policy").isEqualTo(403);
        assertThat(fhir.body()).contains("OperationOutcome", "break-glass");
        assertThat(otherPractice.withHeader("X-PathGuard-Break-Glass", "urgent").get("/api/patients/" + p[0]).status())
                .as("a reason must say something").isEqualTo(403);

        String reason = "Unconscious in our clinic, no records available";
        var broken = otherPractice.withHeader("X-PathGuard-Break-Glass", reason).get("/api/patients/" + p[0]);
        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).contains("Sharma");
        assertThat(otherPractice.withHeader("X-PathGuard-Break-Glass", reason).get("/fhir/Patient/" + p[0]).body()).contains("Sharma");

        assertThat(api("dr.who", "REQUESTER").get("/api/patients/" + p[0]).status()).as("the ordering practice reads").isEqualTo(200);
        assertThat(api("lab.reader", "SCIENTIST").get("/api/patients/" + p[0]).status()).as("the lab reads its own work").isEqualTo(200);
        assertThat(api("admin.curious", "ADMINISTRATOR").get("/api/patients/" + p[0]).status())
                .as("an administrator reads no clinical data without break-glass").isEqualTo(403);

        JsonNode review = api("privacy.officer", "AUDITOR").get("/api/audit/break-glass").json();
        JsonNode entry = review.valueStream().filter(e -> e.get("patientId").asString().equals(p[0])).findFirst().orElseThrow();
        assertThat(entry.get("principal").asString()).isEqualTo("dr.elsewhere");
        assertThat(entry.get("reason").asString()).isEqualTo(reason);
        assertThat(otherPractice.get("/api/audit/break-glass").status()).as("only the auditor reviews").isEqualTo(403);
        assertThat(db.sql("select count(*) from access_alert where principal = 'dr.elsewhere' and kind = 'BREAK_GLASS'")
                .query(Long.class).single()).as("every break-glass read alerts the privacy officer").isEqualTo(2);
        assertThat(db.sql("select count(*) from patient_read where break_glass is not null and position(convert_to('Unconscious', 'UTF8') in break_glass) > 0")
                .query(Long.class).single()).as("the typed reason is sealed at rest").isZero();
    }

    @Test
    void everyReadIsAnAccessEventInTheVerifiedChain() {
        String[] p = patientOrderedBy(PRACTICE);
        long before = eventsOfType("PatientDataRead");
        Api gp = api("dr.who", "REQUESTER");
        assertThat(gp.get("/api/orders/" + p[2]).status()).isEqualTo(200);
        assertThat(gp.post("/api/patients/search", Map.of("nhsNumber", p[1])).status()).isEqualTo(200);
        assertThat(eventsOfType("PatientDataRead")).isEqualTo(before + 2);
        var reads = db.sql("select what, reason from patient_read where principal = 'dr.who' and patient_id = ?::uuid order by event_sequence")
                .param(p[0]).query((rs, n) -> rs.getString(1) + "/" + rs.getString(2)).list();
        assertThat(reads).containsExactly("order/CARE_RELATIONSHIP", "demographics/CARE_RELATIONSHIP");
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void secretsNeverReachTheLogs(CapturedOutput output) {
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "log.watch", Actor.Role.SCIENTIST, LAB);
        Api.person(port, s.username(), s.password(), s.totpSecret()).get("/api/validation-queue");
        Api.anonymous(port).post("/api/session/password", Map.of("username", s.username(), "password", "Wrong-Guess-4711"));
        String token = accounts.issueCredential(Actor.SYSTEM, "log.machine", LAB, List.of(Scope.RESULTS)).token();
        Api.machine(port, token).post("/api/results", Map.of("barcode", "NOPE", "results", List.of()));
        Api.machine(port, token + "x").post("/api/results", Map.of());
        assertThat(output.getAll()).doesNotContain(s.password(), "Wrong-Guess-4711", s.totpSecret(), token)
                .doesNotContain(s.recoveryCodes().getFirst());
    }

    @Test
    void responsesCarryTheHardeningHeaders() {
        var r = api("dr.who", "REQUESTER").get("/api/catalogue/tests");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("Strict-Transport-Security").orElseThrow()).contains("max-age=31536000");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        var anonymous = Api.anonymous(port).get("/api/catalogue/tests");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void aClinicianCannotOrderTheirWayIntoAnotherPracticesPatient() {
        String[] p = patientOrderedBy(PRACTICE);
        Api other = api("dr.orderer", "REQUESTER", "G85026");
        var byNumber = other.post("/api/orders", Map.of("nhsNumber", p[1], "requesterOds", "G85026", "clinician", "Dr O",
                "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(byNumber.status()).as("an NHS number alone identifies nobody").isEqualTo(422);
        assertThat(byNumber.body()).doesNotContain(p[0]);
        var guessed = other.post("/api/patients", Map.of("nhsNumber", p[1], "familyName", "Someone", "givenName", "Else",
                "dateOfBirth", "1975-04-02", "sex", "FEMALE"));
        assertThat(guessed.status()).isEqualTo(409);
        assertThat(guessed.body()).as("no id for a sender who does not know the patient").doesNotContain(p[0]);
        var known = other.post("/api/patients", Map.of("nhsNumber", p[1], "familyName", "Sharma", "givenName", "Priya",
                "dateOfBirth", "1975-04-02", "sex", "FEMALE"));
        assertThat(known.status()).isEqualTo(409);
        assertThat(known.json().get("existingPatientId").asString()).as("who knows the patient may order for them").isEqualTo(p[0]);
    }

    @Test
    void oneTotpCodeSentTwiceAtOnceSignsInOnce() throws Exception {
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "race.code", Actor.Role.SCIENTIST, LAB);
        List<Api> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api browser = Api.anonymous(port);
            browser = browser.withHeader("X-CSRF-TOKEN", browser.get("/api/session").json().get("csrfToken").asString());
            assertThat(browser.post("/api/session/password", Map.of("username", s.username(), "password", s.password())).status())
                    .isEqualTo(200);
            sessions.add(browser);
        }
        String code = nextCode(s);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(3)) {
            for (Api session : sessions) {
                answers.add(pool.submit(() -> session.post("/api/session/second-factor", Map.of("code", code)).status()));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get());
        }
        assertThat(statuses).containsOnlyOnce(200);
    }
}
