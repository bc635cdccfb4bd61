package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.AccessReview;
import org.pathguard.access.AccountLifecycle;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.DormantAccounts;
import org.pathguard.access.Scope;
import org.pathguard.access.SignInRefused;
import org.springframework.beans.factory.annotation.Autowired;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The identity and monitoring probes on the live lab, each both ways: the lab's state is changed as it would change
 * (an account's second factor gone, accounts locked, time passing for an account or a break-glass read) and the
 * reading follows.
 */
class AccountProbesTest extends LabServerTest {

    @Autowired
    Posture posture;
    @Autowired
    SecondFactorProbe secondFactor;
    @Autowired
    SingleSignOnProbe singleSignOn;
    @Autowired
    PrivilegedAccountsProbe privileged;
    @Autowired
    DormantAccountsProbe dormant;
    @Autowired
    LockedAccountsProbe locked;
    @Autowired
    MachineCredentialsProbe machines;
    @Autowired
    BreakGlassReviewProbe breakGlass;
    @Autowired
    AccessAlertsProbe alerts;
    @Autowired
    DormantAccounts dormantAccounts;
    @Autowired
    AccessReview review;
    @Autowired
    AccountLifecycle lifecycle;

    private static final Actor PRIVACY_OFFICER = new Actor("probe.privacy.officer", Actor.Role.AUDITOR, "PGLAB", null);
    private static final Actor ADMIN = new Actor("probe.admin", Actor.Role.ADMINISTRATOR);

    private static String evidence(Reading reading) {
        return reading.evidence().toString();
    }

    @Test
    void theReportForTheLabManagerCarriesEveryIdentityAndMonitoringIndicator() {
        PostureReport report = posture.report(new Actor("probe.manager", Actor.Role.LAB_MANAGER, "PGLAB", null));
        List<String> ids = report.outcomes().stream().flatMap(o -> o.readings().stream()).map(r -> r.indicator().id()).toList();
        assertThat(ids).contains("b2a-second-factor", "b2a-single-sign-on-second-factor", "b2c-privileged-second-factor",
                "b2d-dormant-accounts", "b2d-locked-accounts", "b2d-machine-credentials", "c1c-break-glass-reviewed",
                "c1c-access-alerts-reviewed");
    }

    @Test
    void anAccountThatCouldSignInWithAPasswordAloneTurnsSecondFactorAndPrivilegedAccountsRed() {
        Accounts.Secrets admin = accounts.createEnrolled(Actor.SYSTEM, Api.unique("probe.nofactor"), Actor.Role.ADMINISTRATOR, LAB);
        assertThat(secondFactor.take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(privileged.take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(evidence(privileged.take(Instant.now()))).contains("ADMINISTRATOR", admin.username());

        byte[] secret = db.sql("select totp_secret from account where username = ?").param(admin.username()).query(byte[].class).single();
        db.sql("update account set totp_secret = null where username = ?").param(admin.username()).update();
        try {
            Reading everyone = secondFactor.take(Instant.now());
            assertThat(everyone.rating()).isEqualTo(Rating.NOT_ACHIEVED);
            assertThat(everyone.finding()).contains("can sign in with a password alone");
            assertThat(evidence(everyone)).contains(admin.username());
            Reading privilegedOnes = privileged.take(Instant.now());
            assertThat(privilegedOnes.rating()).isEqualTo(Rating.NOT_ACHIEVED);
            assertThat(evidence(privilegedOnes)).contains("without a second factor, value=" + admin.username());
        } finally {
            db.sql("update account set totp_secret = ? where username = ?").param(secret).param(admin.username()).update();
        }
        assertThat(secondFactor.take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void singleSignOnAsConfiguredDemandsASecondFactorAndTheProbeKnowsItsDefault() throws Exception {
        Reading reading = singleSignOn.take(Instant.now());
        assertThat(reading.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(evidence(reading)).contains(IDENTITY_PROVIDER_ISSUER, "mfa, otp, hwk, sc, swk");
        Constructor<?> constructor = Class.forName("org.pathguard.web.SingleSignOn").getDeclaredConstructors()[0];
        String webDefault = java.util.Arrays.stream(constructor.getParameterAnnotations()).flatMap(java.util.Arrays::stream)
                .filter(a -> a instanceof org.springframework.beans.factory.annotation.Value)
                .map(a -> ((org.springframework.beans.factory.annotation.Value) a).value())
                .filter(v -> v.startsWith("${pathguard.oidc.second-factor-amr:")).findFirst().orElseThrow();
        assertThat(webDefault).isEqualTo("${pathguard.oidc.second-factor-amr:" + SingleSignOnProbe.DEFAULT_METHODS + "}");
    }

    @Test
    void aDormantAccountIsReportedPartialThenNotAchievedUntilPathGuardDisablesIt() {
        Accounts.Secrets person = accounts.createEnrolled(Actor.SYSTEM, Api.unique("probe.dormant"), Actor.Role.AUTHORISER, LAB);
        assertThat(evidence(dormant.take(Instant.now()))).doesNotContain(person.username());

        db.sql("update account set invited_at = now() - interval '95 days' where username = ?").param(person.username()).update();
        Reading reported = dormant.take(Instant.now());
        assertThat(reported.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(evidence(reported)).contains(person.username() + " (AUTHORISER, 95 days)");

        db.sql("update account set invited_at = now() - interval '130 days' where username = ?").param(person.username()).update();
        Reading overdue = dormant.take(Instant.now());
        assertThat(overdue.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(overdue.finding()).contains("still enabled");

        dormantAccounts.disableDormant(Instant.now());
        Reading after = dormant.take(Instant.now());
        assertThat(evidence(after)).doesNotContain(person.username());
        assertThat(after.rating()).as(after.finding()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void moreAccountsLockedAtOnceThanTheLabExpectsArePartial() {
        List<Accounts.Secrets> people = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> accounts.createEnrolled(Actor.SYSTEM, Api.unique("probe.locked"), Actor.Role.SCIENTIST, LAB)).toList();
        assertThat(locked.take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
        for (Accounts.Secrets p : people) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> accounts.checkPassword(p.username(), "not the password", Instant.now())).isInstanceOf(SignInRefused.class);
            }
        }
        Reading reading = locked.take(Instant.now());
        assertThat(reading.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(evidence(reading)).contains(people.getFirst().username(), people.getLast().username());
        for (Accounts.Secrets p : people) {
            UUID id = db.sql("select id from account where username = ?").param(p.username()).query(UUID.class).single();
            lifecycle.unlock(ADMIN, id, "phoned the desk, identity checked");
        }
        assertThat(locked.take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void aMachineCredentialOlderThanTheRenewalPeriodIsPartialWithItsScopesAndAge() {
        Accounts.IssuedCredential analyser = accounts.issueCredential(Actor.SYSTEM, Api.unique("probe-analyser"), LAB, List.of(Scope.RESULTS));
        Reading fresh = machines.take(Instant.now());
        assertThat(fresh.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(evidence(fresh)).contains(analyser.name() + " of " + LAB + " (results, 0 days)");
        Reading aYearOn = machines.take(Instant.now().plus(Duration.ofDays(366)));
        assertThat(aYearOn.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(aYearOn.finding()).contains("due to be reissued");
        accounts.revokeCredential(Actor.SYSTEM, analyser.id());
        assertThat(evidence(machines.take(Instant.now()))).as("revoked ones are gone").doesNotContain(analyser.name());
    }

    @Test
    void anUnreviewedBreakGlassReadOlderThanTheLimitTurnsMonitoringPartialUntilReviewed() {
        Api orderComms = api("probe.order-comms", "INTERFACE");
        var patient = orderComms.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", "Mensah", "givenName", "Kofi",
                "dateOfBirth", "1969-02-03", "sex", "MALE", "postcode", "SE1 7EH"));
        String id = patient.json().get("id").asString();
        assertThat(orderComms.post("/api/orders", Map.of("patientId", id, "requesterOds", PRACTICE, "clinician", "Dr A",
                "priority", "ROUTINE", "tests", List.of("CRP"))).status()).isEqualTo(201);
        assertThat(api("probe.dr.elsewhere", "REQUESTER", "G85013")
                .withHeader("X-PathGuard-Break-Glass", "Collapsed at the surgery door, no records").get("/api/patients/" + id).status())
                .isEqualTo(200);

        Reading today = breakGlass.take(Instant.now());
        assertThat(today.rating()).as("within the week allowed").isEqualTo(Rating.ACHIEVED);
        assertThat(today.finding()).contains("await review, none for over 7 days");
        Reading eightDaysOn = breakGlass.take(Instant.now().plus(Duration.ofDays(8)));
        assertThat(eightDaysOn.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(eightDaysOn.finding()).contains("waited over 7 days");
        assertThat(evidence(eightDaysOn)).doesNotContain("Mensah", "Collapsed");

        review.breakGlass(PRIVACY_OFFICER, Instant.EPOCH).stream().filter(r -> !r.reviewed())
                .map(AccessReview.BreakGlassRead::eventSequence).distinct()
                .forEach(sequence -> review.reviewBreakGlass(PRIVACY_OFFICER, sequence, "JUSTIFIED", null));
        Reading reviewed = breakGlass.take(Instant.now().plus(Duration.ofDays(8)));
        assertThat(reviewed.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(reviewed.finding()).isEqualTo("Every break-glass read has been reviewed");
    }

    @Test
    void accessAlertsOpenLongerThanTheLimitArePartial() {
        accounts.createEnrolled(Actor.SYSTEM, Api.unique("probe.alerted"), Actor.Role.SCIENTIST, LAB);
        Reading today = alerts.take(Instant.now());
        assertThat(today.rating()).as("every alert in this lab was raised today").isEqualTo(Rating.ACHIEVED);
        Reading eightDaysOn = alerts.take(Instant.now().plus(Duration.ofDays(8)));
        assertThat(eightDaysOn.rating()).as("the invitation's notice is still open").isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(eightDaysOn.finding()).contains("open for over 7 days");
    }
}
