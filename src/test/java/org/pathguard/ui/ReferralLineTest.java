package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.Priority;
import org.pathguard.network.Referral;
import org.pathguard.network.ReferralState;
import org.pathguard.network.Referrals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How a "Referred out" line reads: its age since it was asked for, and by how long a late one is past its due time. */
class ReferralLineTest {

    private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");

    private static Referrals.ReferredOut line(Duration age, Duration allowed, boolean overdue) {
        Instant requested = NOW.minus(age);
        Referral r = new Referral(UUID.randomUUID(), UUID.randomUUID(), "A1", "TROP", "PTB02", Priority.URGENT, ReferralState.DISPATCHED,
                null, "B9", null, "ui.scientist", requested, requested, Referral.Way.PERSON, null, null,
                requested.plus(allowed));
        return new Referrals.ReferredOut(r, "South Bank Laboratories", age, overdue, requested.plus(allowed));
    }

    @Test
    void aLateReferralSaysByHowLongPastTheTurnaroundPlusTransport() {
        ReferralLine late = ReferralLine.of(line(Duration.ofHours(7).plusMinutes(5), Duration.ofHours(5), true), NOW);
        assertThat(late.overdue()).isTrue();
        assertThat(late.overdueBy()).isEqualTo("2 h 05 min");
        assertThat(late.age()).isEqualTo("7 h 05 min");
        assertThat(late.state()).isEqualTo("Dispatched");
    }

    @Test
    void aReferralJustPastItsDueTimeIsLateByLessThanAMinuteAndOneInTimeIsNotLate() {
        assertThat(ReferralLine.of(line(Duration.ofSeconds(30), Duration.ZERO, true), NOW).overdueBy()).isEqualTo("less than a minute");
        ReferralLine inTime = ReferralLine.of(line(Duration.ofMinutes(40), Duration.ofHours(4), false), NOW);
        assertThat(inTime.overdue()).isFalse();
        assertThat(inTime.overdueBy()).isNull();
        assertThat(inTime.age()).isEqualTo("40 min");
    }
}
