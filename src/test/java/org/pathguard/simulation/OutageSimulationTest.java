package org.pathguard.simulation;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.Priority;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathguard.lab.Priority.CRITICAL;
import static org.pathguard.lab.Priority.ROUTINE;
import static org.pathguard.lab.Priority.URGENT;

/**
 * The outage simulation on tiny networks whose answers are worked out by hand: requests arrive all at 09:00, counts
 * exact (deterministic arrivals), so every figure below can be checked with pencil and paper.
 */
class OutageSimulationTest {

    private static final Map<Priority, Integer> HUB_TURNAROUND = Map.of(CRITICAL, 30, URGENT, 120, ROUTINE, 1440);
    // Minutes from each type of requester to the hub: ED and wards on its site, GP samples by courier.
    private static final Map<String, Integer> HUB_TRANSPORT = Map.of("ED", 10, "WARD", 20, "GP", 90);

    @Test
    void theFallenLabGivesItsCapacityToCriticalFirstAndWhatIsLeftDrainsTheBacklog() {
        // Normal 10 of each priority; half capacity on day 0 is 15: critical 10, urgent 5, routine 0.
        Scenario scenario = network(List.of(0.5), 1, 2,
                List.of(hub()), List.of(demand("ED", 16, Map.of(CRITICAL, 0.5, URGENT, 0.5), null),
                        demand("GP", 8, Map.of(ROUTINE, 1.0), null)), baselineOfCriticalOnly());

        SimulationRun run = new OutageSimulation(scenario).withRouter(0);

        DayFigures down = run.days().get(0);
        // 8 critical at home (10 + 30 = 40 minutes: within the hour); 5 urgent at home, 3 over capacity with no partner: deferred.
        assertThat(down.of(CRITICAL)).isEqualTo(new DayFigures.Fates(8, 8, 0, 0, 0, 0, 0, 8));
        // The 2 critical places left unused drain 2 of the 3 deferred urgent requests at the end of the day.
        assertThat(down.of(URGENT)).isEqualTo(new DayFigures.Fates(8, 5, 0, 0, 3, 2, 1, 5));
        assertThat(down.of(ROUTINE)).isEqualTo(new DayFigures.Fates(8, 0, 0, 0, 8, 0, 8, 0));
        assertThat(down.withinTargetShare(URGENT)).hasValue(5.0 / 8);
        assertThat(down.capacityShare()).isEqualTo(0.5);

        DayFigures back = run.days().get(1);
        // Back at 10 of each: the day's 8 of each done on arrival, the 6 places left drain urgent first, then routine.
        assertThat(back.down()).isFalse();
        assertThat(back.of(URGENT)).isEqualTo(new DayFigures.Fates(8, 8, 0, 0, 0, 1, 0, 8));
        assertThat(back.of(ROUTINE)).isEqualTo(new DayFigures.Fates(8, 8, 0, 0, 0, 5, 3, 0));
        assertThat(back.backlog()).isEqualTo(3);
        assertThat(run.accountsForEveryRequest()).isTrue();
    }

    @Test
    void criticalWorkGoesToThePartnerThatMeetsTheHourThenToTheNextBestThenIsRefused() {
        // The hub has nothing on day 0. Each partner offers half of 4 critical places: 2. Near: 20 + 30 = 50 minutes; far: 50 + 30 = 80.
        Scenario scenario = network(List.of(0.0), 1, 1,
                List.of(hub(), partner("NEAR", 20, Map.of(CRITICAL, 4, URGENT, 4)), partner("FAR", 50, Map.of(CRITICAL, 4, URGENT, 4))),
                List.of(demand("ED", 5, Map.of(CRITICAL, 1.0), null)), baselineOfCriticalOnly());

        SimulationRun run = new OutageSimulation(scenario).withRouter(0.5);

        DayFigures day = run.days().getFirst();
        assertThat(day.of(CRITICAL)).isEqualTo(new DayFigures.Fates(5, 0, 4, 1, 0, 0, 0, 2));
        assertThat(day.partnerLoad()).isEqualTo(Map.of("NEAR", Map.of(CRITICAL, 2, URGENT, 0, ROUTINE, 0),
                "FAR", Map.of(CRITICAL, 2, URGENT, 0, ROUTINE, 0)));
        assertThat(day.partnerLoad("NEAR") + day.partnerLoad("FAR")).isEqualTo(run.routedTotal());
        assertThat(run.withinTargetDuringOutage(CRITICAL)).hasValue(2.0 / 5);
        assertThat(run.spare()).isEqualTo(0.5);
    }

    @Test
    void aRoutineQuotaLetsThatManyRoutineRequestsThroughToPartnersEachDayAndDefersTheRest() {
        Scenario scenario = network(List.of(0.0), 2, 2,
                List.of(hub(), partner("NEAR", 20, Map.of(ROUTINE, 100))),
                List.of(demand("GP", 5, Map.of(ROUTINE, 1.0), 3)), baselineOfCriticalOnly());

        SimulationRun run = new OutageSimulation(scenario).withRouter(1.0);

        for (DayFigures day : run.days()) {
            // The quota is per day: 3 routed and 2 deferred again on the second day.
            assertThat(day.of(ROUTINE).routed()).isEqualTo(3);
            assertThat(day.of(ROUTINE).deferred()).isEqualTo(2);
            assertThat(day.partnerLoad("NEAR")).isEqualTo(3);
        }
        assertThat(run.days().getLast().of(ROUTINE).backlog()).isEqualTo(4);
        assertThat(run.accountsForEveryRequest()).isTrue();
    }

    @Test
    void theBaselineTakesOnlyCriticalWorkAndTheGpAllowanceAndTurnsTheRestAway() {
        // Half of 30 is 15: 10 for critical (8 used), and of the 5 left the GP allowance of 2 urgent requests.
        Scenario scenario = network(List.of(0.5), 1, 1, List.of(hub()),
                List.of(demand("ED", 8, Map.of(CRITICAL, 1.0), null), demand("WARD", 4, Map.of(URGENT, 1.0), null),
                        demand("GP", 8, Map.of(URGENT, 0.5, ROUTINE, 0.5), null)),
                new Scenario.Baseline(List.of(CRITICAL), List.of(new Scenario.Allowance("GP", 2, List.of(URGENT))), "test", List.of()));
        OutageSimulation simulation = new OutageSimulation(scenario);

        SimulationRun asIn2024 = simulation.asIn2024();
        DayFigures day = asIn2024.days().getFirst();
        assertThat(day.of(CRITICAL)).isEqualTo(new DayFigures.Fates(8, 8, 0, 0, 0, 0, 0, 8));
        // The ward's 4 urgent requests turned away; the GP's first 2 taken (90 + 120 = 210 minutes: within 4 hours), 2 turned away.
        assertThat(day.of(URGENT)).isEqualTo(new DayFigures.Fates(8, 2, 0, 6, 0, 0, 0, 2));
        assertThat(day.of(ROUTINE)).isEqualTo(new DayFigures.Fates(4, 0, 0, 4, 0, 0, 0, 0));
        assertThat(asIn2024.refusedTotal()).isEqualTo(10);
        assertThat(asIn2024.accountsForEveryRequest()).isTrue();

        // With the router (no partners) nothing is turned away: urgent takes its 5 places, the rest waits.
        DayFigures routed = simulation.withRouter(0).days().getFirst();
        assertThat(routed.of(URGENT)).isEqualTo(new DayFigures.Fates(8, 5, 0, 0, 3, 2, 1, 5));
        assertThat(routed.of(ROUTINE)).isEqualTo(new DayFigures.Fates(4, 0, 0, 0, 4, 0, 4, 0));
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        Scenario scenario = poisson(network(List.of(0.3), 3, 5, List.of(hub(), partner("NEAR", 20, Map.of(CRITICAL, 400, URGENT, 400))),
                List.of(demand("ED", 500, Map.of(CRITICAL, 0.4, URGENT, 0.6), null)), baselineOfCriticalOnly()), 7);

        List<DayFigures> first = new OutageSimulation(scenario).withRouter(0.2).days();
        List<DayFigures> again = new OutageSimulation(scenario).withRouter(0.2).days();
        List<DayFigures> otherSeed = new OutageSimulation(poisson(scenario, 8)).withRouter(0.2).days();

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first.stream().mapToInt(d -> d.of(URGENT).routed()).sum()).isPositive();
    }

    @Test
    void everyLondonRequestIsAccountedForOnceAndPartnerLoadsSumToWhatWasRouted() {
        OutageSimulation simulation = new OutageSimulation(Scenario.load("london-2024"));
        SimulationResults results = simulation.sweep(List.of(0.0, 0.1));

        List<SimulationRun> runs = new ArrayList<>(results.withRouter());
        runs.add(results.baseline());
        for (SimulationRun run : runs) {
            assertThat(run.accountsForEveryRequest()).as(run.label()).isTrue();
            // Common random numbers: every run sees the same requests.
            assertThat(run.arrivedTotal()).isEqualTo(results.baseline().arrivedTotal());
            for (DayFigures day : run.days()) {
                int routed = Scenario.PRIORITIES.stream().mapToInt(p -> day.of(p).routed()).sum();
                assertThat(run.partners().stream().mapToInt(day::partnerLoad).sum()).isEqualTo(routed);
                for (Priority priority : Scenario.PRIORITIES) {
                    assertThat(day.of(priority).withinTarget()).isBetween(0, day.of(priority).arrived());
                }
            }
        }
        SimulationRun none = results.withRouter().get(0);
        SimulationRun tenPercent = results.withRouter().get(1);
        assertThat(none.routedTotal()).isZero();
        assertThat(tenPercent.routedTotal()).isPositive();
        assertThat(tenPercent.withinTargetDuringOutage(URGENT).getAsDouble()).isGreaterThan(none.withinTargetDuringOutage(URGENT).getAsDouble());
        // What happened turned work away; the router held it and drained it.
        assertThat(results.baseline().refusedTotal()).isPositive();
        assertThat(tenPercent.totals(ROUTINE).deferred()).isPositive();
    }

    @Test
    void poissonCountsHaveTheirMean() {
        SplittableRandom random = new SplittableRandom(1);
        for (double mean : new double[]{0.5, 4, 25, 400}) {
            double sum = 0;
            int draws = 20_000;
            for (int i = 0; i < draws; i++) {
                sum += Arrivals.poisson(mean, random);
            }
            // The standard error of the mean is sqrt(mean / draws): five of them is far beyond chance.
            assertThat(sum / draws).isCloseTo(mean, org.assertj.core.data.Offset.offset(5 * Math.sqrt(mean / draws)));
        }
        assertThat(Arrivals.poisson(0, random)).isZero();
    }

    // A tiny network: the first lab is the fallen one; the capacity curve is per day.
    static Scenario network(List<Double> curve, int outageDays, int days, List<Scenario.Lab> labs, List<Scenario.Demand> demand,
                            Scenario.Baseline baseline) {
        Scenario scenario = new Scenario("tiny", "A tiny network", "For tests", LocalDate.of(2024, 6, 3), days, 1,
                new Scenario.Stated<>("DETERMINISTIC", "test", List.of()), new Scenario.Stated<>(1.0, "test", List.of()),
                labs.getFirst().ods(), new Scenario.Outage(0, outageDays, "DAY", curve, 1.0, "test", List.of()),
                labs, new Scenario.Stated<>(List.of(0.0), "test", List.of()), demand, baseline);
        assertThat(scenario.problems()).isEmpty();
        return scenario;
    }

    static Scenario poisson(Scenario s, long seed) {
        return new Scenario(s.name(), s.title(), s.about(), s.startDate(), s.days(), seed, new Scenario.Stated<>("POISSON", "test", List.of()),
                s.testsPerRequest(), s.fallenLab(), s.outage(), s.labs(), s.partnerSpareShare(), s.demand(), s.baseline());
    }

    static Scenario.Lab hub() {
        return new Scenario.Lab("HUB", "Hub", Map.of(CRITICAL, 10, URGENT, 10, ROUTINE, 10), HUB_TURNAROUND, null, HUB_TRANSPORT,
                List.of("UE"), "test", List.of());
    }

    static Scenario.Lab partner(String ods, int transport, Map<Priority, Integer> capacity) {
        Map<Priority, Integer> turnaround = new HashMap<>();
        capacity.keySet().forEach(p -> turnaround.put(p, HUB_TURNAROUND.get(p)));
        return new Scenario.Lab(ods, "Lab " + ods, capacity, turnaround, null, Map.of("ED", transport, "GP", transport, "WARD", transport),
                List.of("UE"), "test", List.of());
    }

    /** {@code perDay} requests, all at 09:00, every day alike. */
    static Scenario.Demand demand(String requester, double perDay, Map<Priority, Double> shares, Integer routineQuota) {
        List<Double> hours = new ArrayList<>(Collections.nCopies(24, 0.0));
        hours.set(9, 1.0);
        return new Scenario.Demand(requester, perDay, 1.0, hours, shares, List.of("UE"), routineQuota, "test", List.of());
    }

    static Scenario.Baseline baselineOfCriticalOnly() {
        return new Scenario.Baseline(List.of(CRITICAL), List.of(), "test", List.of());
    }
}
