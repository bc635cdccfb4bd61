package org.pathguard.network;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathguard.network.ReferralState.*;

/** The referral state machine, capacity and overdue rules, without Spring or a database. */
class ReferralRulesTest {

    static final Agreement PARTNER = new Agreement("RJ1", "St Elsewhere pathology",
            new Agreement.Endpoint("127.0.0.1", 2575, "LIS", "RJ1", false),
            List.of(new Agreement.ReferredTest("TROP", "TNT", "67151-1", List.of())),
            Map.of(Priority.CRITICAL, 5, Priority.URGENT, 10, Priority.ROUTINE, 0), Agreement.Hours.ALWAYS,
            Map.of(Priority.CRITICAL, 60, Priority.URGENT, 240, Priority.ROUTINE, 1440), 45,
            new Agreement.Contact("Duty biochemist", "020 7188 7188"));

    @Test
    void aReferralGoesFromRequestToCloseOnlyForwards() {
        assertThat(REQUESTED.canMoveTo(SENT)).isTrue();
        assertThat(SENT.canMoveTo(DISPATCHED)).isTrue();
        assertThat(DISPATCHED.canMoveTo(RECEIVED)).isTrue();
        assertThat(RECEIVED.canMoveTo(RESULTED)).isTrue();
        assertThat(RESULTED.canMoveTo(CLOSED)).isTrue();
        assertThat(RESULTED.canMoveTo(SENT)).isFalse();
        assertThat(RECEIVED.canMoveTo(DISPATCHED)).isFalse();
        assertThat(REQUESTED.canMoveTo(RESULTED)).as("results for an order the partner never accepted").isFalse();
        for (ReferralState s : ReferralState.values()) {
            assertThat(CLOSED.canMoveTo(s)).isFalse();
            assertThat(CANCELLED.canMoveTo(s)).isFalse();
        }
    }

    @Test
    void cancellingGoesThroughThePartnerOnlyWhenThePartnerHasTheOrder() {
        assertThat(REQUESTED.knownToPartner()).isFalse();
        assertThat(REQUESTED.canMoveTo(CANCELLED)).isTrue();
        for (ReferralState held : EnumSet.of(SENT, DISPATCHED, RECEIVED)) {
            assertThat(held.knownToPartner()).isTrue();
            assertThat(held.canMoveTo(CANCEL_REQUESTED)).isTrue();
            assertThat(held.canMoveTo(CANCELLED)).as("without the partner's acknowledgement").isFalse();
            assertThat(CANCEL_REQUESTED.canMoveTo(held)).as("the partner refused the cancellation").isTrue();
        }
        assertThat(CANCEL_REQUESTED.canMoveTo(CANCELLED)).isTrue();
        assertThat(RESULTED.canMoveTo(CANCEL_REQUESTED)).as("a resulted test is amended, not cancelled").isFalse();
        assertThatThrownBy(() -> RESULTED.requireMoveTo(CANCELLED, "be cancelled")).isInstanceOf(Conflict.class)
                .hasMessageContaining("RESULTED");
    }

    @Test
    void everyStateButClosedAndCancelledIsOnTheWorklist() {
        for (ReferralState s : ReferralState.values()) {
            assertThat(s.open()).as(s.name()).isEqualTo(s != CLOSED && s != CANCELLED);
            // Nothing open is a dead end: from every open state some move leads on.
            if (s.open()) {
                assertThat(EnumSet.allOf(ReferralState.class).stream().anyMatch(s::canMoveTo)).as(s.name()).isTrue();
            }
        }
        assertThat(REFUSED.open()).as("a refusal waits for someone to act on it").isTrue();
    }

    @Test
    void capacityIsCountedPerPartnerDayAndPriority() {
        Capacity urgent = new Capacity("RJ1", Priority.URGENT, 10, 9);
        assertThat(urgent.left()).isEqualTo(1);
        assertThat(urgent.check(1, false, null)).isNull();
        assertThatThrownBy(() -> urgent.check(2, false, null)).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("agreed to take 10 URGENT tests a day").hasMessageContaining("override");
        assertThatThrownBy(() -> urgent.check(2, false, "ED is overwhelmed")).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("Only a lab manager");
        assertThat(urgent.check(2, true, "  Analyser down, agreed by phone  ")).isEqualTo("Analyser down, agreed by phone");
        Capacity routine = new Capacity("RJ1", Priority.ROUTINE, PARTNER.capacity(Priority.ROUTINE), 0);
        assertThat(routine.allows(1)).as("no routine work agreed").isFalse();
    }

    @Test
    void aReferralIsOverdueAfterTheTurnaroundPlusTransport() {
        Instant requested = Instant.parse("2026-03-02T09:00:00Z");
        Duration allowed = Overdue.allowed(PARTNER, Priority.CRITICAL);
        assertThat(allowed).isEqualTo(Duration.ofMinutes(105));
        Instant due = Overdue.dueBy(PARTNER, Priority.CRITICAL, requested);
        assertThat(due).isEqualTo(requested.plus(allowed));
        assertThat(Overdue.overdue(SENT, due, due)).isFalse();
        assertThat(Overdue.overdue(SENT, due, due.plusSeconds(1))).isTrue();
        Instant urgentDue = Overdue.dueBy(PARTNER, Priority.URGENT, requested);
        assertThat(Overdue.overdue(DISPATCHED, urgentDue, due.plusSeconds(1))).as("urgent has 4 h").isFalse();
        assertThat(Overdue.overdue(REFUSED, due, requested.plus(Duration.ofDays(1)))).isTrue();
        assertThat(Overdue.overdue(RESULTED, due, requested.plus(Duration.ofDays(1)))).as("the partner's part is done").isFalse();
        assertThat(Overdue.overdue(CLOSED, due, requested.plus(Duration.ofDays(1)))).isFalse();
        assertThat(Overdue.overdue(SENT, null, requested)).as("no due time (no agreement to time it by) is late at once").isTrue();
    }

    @Test
    void thePartnersCodesMapBackToOurTests() {
        assertThat(PARTNER.testForPartnerCode("TNT")).map(Agreement.ReferredTest::testCode).contains("TROP");
        assertThat(PARTNER.testForPartnerCode("67151-1")).map(Agreement.ReferredTest::testCode).contains("TROP");
        assertThat(PARTNER.testForPartnerCode("UE")).isEmpty();
    }
}
