package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity and monitoring thresholds, each both ways, without a lab. */
class AccountRatingsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void everyAccountWithASecondFactorIsAchievedAndOneWithoutIsNot() {
        assertThat(AccountRatings.everyoneHasASecondFactor(14, 14)).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.everyoneHasASecondFactor(0, 0)).as("nobody can sign in").isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.everyoneHasASecondFactor(14, 13)).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void singleSignOnOffOrDemandingASecondFactorIsAchievedAndAcceptingAPasswordIsNot() {
        assertThat(AccountRatings.singleSignOnDemandsASecondFactor(false, List.of())).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.singleSignOnDemandsASecondFactor(true, List.of("mfa", "otp", "hwk", "sc", "swk"))).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.singleSignOnDemandsASecondFactor(true, List.of("mfa", "pwd"))).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(AccountRatings.singleSignOnDemandsASecondFactor(true, List.of())).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void dormantAccountsArePartialAndOnesPastDisablingAreNotAchieved() {
        assertThat(AccountRatings.dormantAccounts(0, 0)).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.dormantAccounts(2, 0)).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(AccountRatings.dormantAccounts(2, 1)).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void aFewLockedAccountsAreAchievedAndMoreArePartial() {
        assertThat(AccountRatings.lockedAccounts(3, 3)).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.lockedAccounts(4, 3)).isEqualTo(Rating.PARTIALLY_ACHIEVED);
    }

    @Test
    void aMachineCredentialOlderThanTheRenewalPeriodIsPartial() {
        Duration year = Duration.ofDays(365);
        assertThat(AccountRatings.machineCredentials(List.of(NOW.minus(year)), NOW, year)).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.machineCredentials(List.of(), NOW, year)).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.machineCredentials(List.of(NOW, NOW.minus(year).minusSeconds(1)), NOW, year))
                .isEqualTo(Rating.PARTIALLY_ACHIEVED);
    }

    @Test
    void reviewsLeftPastTheTimeAllowedArePartial() {
        assertThat(AccountRatings.reviewedInTime(0)).isEqualTo(Rating.ACHIEVED);
        assertThat(AccountRatings.reviewedInTime(1)).isEqualTo(Rating.PARTIALLY_ACHIEVED);
    }

    @Test
    void namesAreListedUpToTwentyThenCounted() {
        assertThat(AccountRatings.names(List.of())).isEqualTo("none");
        assertThat(AccountRatings.names(List.of("a.smith", "b.jones"))).isEqualTo("a.smith, b.jones");
        List<String> many = java.util.stream.IntStream.range(0, 23).mapToObj(i -> "user" + i).toList();
        assertThat(AccountRatings.names(many)).endsWith("user19 and 3 more").doesNotContain("user20");
    }
}
