package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The single sign-on probe on settings a lab could start with, without a lab: off, demanding a second factor, accepting a password. */
class SingleSignOnProbeTest {

    private static Reading take(MockEnvironment settings) {
        return new SingleSignOnProbe(settings).take(Instant.parse("2026-12-07T09:00:00Z"));
    }

    @Test
    void singleSignOnOffIsAchievedAndSaysEveryoneUsesPathGuardsFactors() {
        Reading reading = take(new MockEnvironment());
        assertThat(reading.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(reading.finding()).contains("off");
    }

    @Test
    void theDefaultMethodsAreSecondFactors() {
        Reading reading = take(new MockEnvironment().withProperty("pathguard.oidc.issuer-uri", "https://idp.example.nhs.uk"));
        assertThat(reading.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(reading.evidence()).contains(new Evidence("accepted methods (amr)", "mfa, otp, hwk, sc, swk"));
    }

    @Test
    void acceptingAPasswordOrNothingIsNotAchievedAndSaysWhich() {
        Reading password = take(new MockEnvironment().withProperty("pathguard.oidc.issuer-uri", "https://idp.example.nhs.uk")
                .withProperty("pathguard.oidc.second-factor-amr", "mfa, pwd"));
        assertThat(password.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(password.finding()).isEqualTo("Single sign-on accepts pwd, which is not a second factor");
        Reading none = take(new MockEnvironment().withProperty("pathguard.oidc.issuer-uri", "https://idp.example.nhs.uk")
                .withProperty("pathguard.oidc.second-factor-amr", " "));
        assertThat(none.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(none.finding()).contains("names no second-factor method");
    }
}
