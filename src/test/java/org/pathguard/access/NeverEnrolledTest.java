package org.pathguard.access;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which new enrolment link one administrator may make at once (issue 19): only for someone who never enrolled. */
class NeverEnrolledTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private static Accounts.Account account(String state, Instant enrolmentExpires, Instant authenticatorResetAt) {
        return new Accounts.Account(UUID.randomUUID(), "a.person", Actor.Role.SCIENTIST, "PGLAB", state, false, null, false,
                enrolmentExpires, null, 0, null, null, authenticatorResetAt);
    }

    @Test
    void anInvitationStillValidOrExpiredHasNoIdentityToTakeOver() {
        assertThat(AccountLifecycle.neverEnrolled(account("INVITED", NOW.plus(1, ChronoUnit.DAYS), null))).isTrue();
        assertThat(AccountLifecycle.neverEnrolled(account("INVITED", NOW.minus(1, ChronoUnit.DAYS), null))).isTrue();
    }

    @Test
    void someoneWhoEnrolledOrWasResetIsNotRenewedByOnePerson() {
        assertThat(AccountLifecycle.neverEnrolled(account("ACTIVE", null, null))).isFalse();
        assertThat(AccountLifecycle.neverEnrolled(account("INVITED", NOW.minus(1, ChronoUnit.DAYS), NOW.minus(8, ChronoUnit.DAYS))))
                .as("an approved reset whose link expired: a new link is a new reset").isFalse();
        assertThat(AccountLifecycle.neverEnrolled(account("DISABLED", null, null))).isFalse();
    }
}
