package org.pathguard.routing;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.Priority;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The triage of a fallen lab's requests, without Spring or a database: the rule the router and the simulation share. */
class RoutingPolicyTest {

    private final RoutingPolicy policy = new RoutingPolicy();

    private static PartnerOffer partner(String ods, int transport, int criticalTurnaround, int criticalLeft, Set<String> tests) {
        return new PartnerOffer(ods, "Lab " + ods, tests,
                Map.of(Priority.CRITICAL, criticalLeft, Priority.URGENT, 10, Priority.ROUTINE, 10), Map.of(),
                Map.of(Priority.CRITICAL, criticalTurnaround, Priority.URGENT, 180, Priority.ROUTINE, 1440), transport);
    }

    private static OrderToRoute order(Priority priority, String... tests) {
        return new OrderToRoute(priority, Set.of(tests), "G85001");
    }

    @Test
    void criticalGoesToThePartnerWithTheSoonestResultThatMeetsTheHour() {
        var near = partner("RYJ", 20, 30, 5, Set.of("UE", "FBC"));
        var far = partner("RAL", 45, 30, 50, Set.of("UE", "FBC"));
        RoutingDecision decision = policy.triage(order(Priority.CRITICAL, "UE"), List.of(far, near), OptionalInt.empty(), "RJ1");
        assertThat(decision).isInstanceOfSatisfying(RoutingDecision.Routed.class, routed -> {
            assertThat(routed.partnerOds()).isEqualTo("RYJ");
            assertThat(routed.minutesToResult()).isEqualTo(50);
            assertThat(routed.withinTarget()).isTrue();
            assertThat(routed.note()).contains("Lab RYJ (RYJ)", "RJ1 is down", "50 minutes");
        });
    }

    @Test
    void aFullPartnerPassesTheWorkToTheNextBestAndALateOneSaysItIsLate() {
        var full = partner("RYJ", 20, 30, 0, Set.of("UE"));
        var slow = partner("RAL", 60, 30, 3, Set.of("UE"));
        RoutingDecision decision = policy.triage(order(Priority.CRITICAL, "UE"), List.of(full, slow), OptionalInt.empty(), "RJ1");
        assertThat(decision).isInstanceOfSatisfying(RoutingDecision.Routed.class, routed -> {
            assertThat(routed.partnerOds()).isEqualTo("RAL");
            assertThat(routed.withinTarget()).isFalse();
            assertThat(routed.note()).contains("later than the 60-minute target for critical work");
        });
    }

    @Test
    void equalSpeedGoesToTheMostCapacityLeft() {
        var small = partner("RYJ", 20, 30, 2, Set.of("UE"));
        var large = partner("RAL", 20, 30, 9, Set.of("UE"));
        assertThat(policy.triage(order(Priority.CRITICAL, "UE"), List.of(small, large), OptionalInt.empty(), "RJ1"))
                .isInstanceOfSatisfying(RoutingDecision.Routed.class, routed -> assertThat(routed.partnerOds()).isEqualTo("RAL"));
    }

    @Test
    void aPartnerMustPerformEveryTestOfTheRequest() {
        var partial = partner("RYJ", 10, 30, 5, Set.of("UE"));
        var whole = partner("RAL", 30, 30, 5, Set.of("UE", "TROP"));
        assertThat(policy.triage(order(Priority.CRITICAL, "UE", "TROP"), List.of(partial, whole), OptionalInt.empty(), "RJ1"))
                .isInstanceOfSatisfying(RoutingDecision.Routed.class, routed -> assertThat(routed.partnerOds()).isEqualTo("RAL"));
    }

    @Test
    void criticalWorkNoPartnerCanTakeIsRefusedAtOnceWithTheReason() {
        var full = partner("RYJ", 20, 30, 0, Set.of("UE"));
        assertThat(policy.triage(order(Priority.CRITICAL, "UE"), List.of(full), OptionalInt.empty(), "RJ1"))
                .isInstanceOfSatisfying(RoutingDecision.Refused.class, refused ->
                        assertThat(refused.note()).contains("used today's agreed capacity for critical work", "emergency department"));
        assertThat(policy.triage(order(Priority.CRITICAL, "TROP"), List.of(full), OptionalInt.empty(), "RJ1"))
                .isInstanceOfSatisfying(RoutingDecision.Refused.class, refused ->
                        assertThat(refused.note()).contains("no partner lab has agreed to perform TROP"));
    }

    @Test
    void urgentWorkNoPartnerCanTakeIsDeferredWithTheReason() {
        var urgentFull = new PartnerOffer("RYJ", "Lab RYJ", Set.of("UE"), Map.of(Priority.URGENT, 4), Map.of(Priority.URGENT, 4),
                Map.of(Priority.URGENT, 120), 30);
        assertThat(policy.triage(order(Priority.URGENT, "UE"), List.of(urgentFull), OptionalInt.empty(), "RJ1"))
                .isInstanceOfSatisfying(RoutingDecision.Deferred.class, deferred ->
                        assertThat(deferred.note()).contains("until RJ1 is back", "capacity for urgent work"));
    }

    @Test
    void routineIsDeferredWithoutAQuotaAndRoutedWhileTheQuotaLasts() {
        var partner = partner("RYJ", 20, 30, 5, Set.of("UE"));
        assertThat(policy.triage(order(Priority.ROUTINE, "UE"), List.of(partner), OptionalInt.empty(), "RJ1"))
                .isInstanceOf(RoutingDecision.Deferred.class);
        assertThat(policy.triage(order(Priority.ROUTINE, "UE"), List.of(partner), OptionalInt.of(3), "RJ1"))
                .isInstanceOfSatisfying(RoutingDecision.Routed.class, routed -> assertThat(routed.minutesToResult()).isEqualTo(1460));
        assertThat(policy.triage(order(Priority.ROUTINE, "UE"), List.of(partner), OptionalInt.of(0), "RJ1"))
                .isInstanceOfSatisfying(RoutingDecision.Deferred.class, deferred -> assertThat(deferred.note()).contains("quota"));
    }

    @Test
    void takingCountsAgainstWhatIsLeft() {
        var partner = partner("RYJ", 20, 30, 1, Set.of("UE"));
        assertThat(partner.left(Priority.CRITICAL)).isEqualTo(1);
        assertThat(partner.taking(Priority.CRITICAL).left(Priority.CRITICAL)).isZero();
        assertThat(policy.triage(order(Priority.CRITICAL, "UE"), List.of(partner.taking(Priority.CRITICAL)), OptionalInt.empty(), "RJ1"))
                .isInstanceOf(RoutingDecision.Refused.class);
    }
}
