package org.pathguard.simulation;

import org.pathguard.lab.Priority;
import org.pathguard.routing.OrderToRoute;
import org.pathguard.routing.PartnerOffer;
import org.pathguard.routing.RoutingDecision;
import org.pathguard.routing.RoutingPolicy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The outage simulation: a discrete-event model of a network in which time advances by the hour. The events are
 * the hour's arrivals (counts per requester type and priority, {@link Arrivals}), the start of a day (capacities and
 * quotas reset, the fallen lab's capacity share for that day) and the end of a day (the fallen lab's unused capacity
 * drains the backlog).
 *
 * <p>Each day the fallen lab's capacity, its share of normal times its normal total, goes to the priorities in
 * order, each up to what it normally does for that priority: critical first. Each arriving request is done at home
 * while its priority's capacity lasts. Beyond that, on an outage day, the router asks {@link RoutingPolicy#triage} —
 * the very rule the router runs — with the partners as {@link PartnerOffer}s (their spare share of normal capacity,
 * what they have taken today, their turnaround, and the transport from this requester type); routed requests count
 * against that partner's capacity, deferred ones join the backlog, refused ones are turned away. On a normal day a
 * request over capacity waits in the backlog. A result is within target when transport plus turnaround is within
 * {@link RoutingPolicy#targetMinutes}; queueing inside a day is not modelled (see ADR 0036).
 */
public final class OutageSimulation {

    private final Scenario scenario;
    private final Arrivals arrivals;
    private final RoutingPolicy policy = new RoutingPolicy();

    public OutageSimulation(Scenario scenario) {
        this.scenario = scenario;
        this.arrivals = Arrivals.draw(scenario);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The network with a router, partners offering {@code spare} (0–1) of their normal capacity. */
    public SimulationRun withRouter(double spare) {
        return new Run(SimulationRun.Response.ROUTER, spare).simulate(
                "router, partners " + Math.round(spare * 100) + "% spare");
    }

    /** The baseline and a router run per spare share, the router runs in parallel (each is independent and deterministic). */
    public SimulationResults sweep(List<Double> spares) {
        SimulationRun baseline = asIn2024();
        List<SimulationRun> runs = spares.parallelStream().map(this::withRouter).toList();
        return new SimulationResults(scenario, baseline, runs);
    }

    /** What happened: no router, the fallen lab takes only what the scenario's baseline says. */
    public SimulationRun asIn2024() {
        return new Run(SimulationRun.Response.AS_IN_2024, 0).simulate("as in 2024 (no router)");
    }

    /** The state of one run, day by day; counts only, no object per request. */
    private final class Run {
        private final SimulationRun.Response response;
        private final double spare;
        private final Scenario.Lab fallen = scenario.fallen();
        private final List<Scenario.Lab> partners = scenario.partners();
        private final List<Scenario.Demand> demand = scenario.demand();
        private final Map<String, Integer> partnerIndex = new HashMap<>();
        private final List<Map<Priority, Integer>> partnerCapacity = new ArrayList<>();
        private final OrderToRoute[][] orders;
        private final Set<Priority> baselineTakes;
        // Transport plus turnaround at the fallen lab, [normal, down][requester type][priority].
        private final int[][][] homeMinutes = homeMinutes(fallen, demand);

        private final long[] backlog = new long[3];
        private final int[] capacity = new int[3];
        private long unallotted;
        private final int[] requesterAllowance;
        private final int[] quotaLeft;
        private final int[][] used;
        private final PartnerOffer[][] offers;
        private final int[] arrived = new int[3], atHome = new int[3], routed = new int[3], refused = new int[3],
                deferred = new int[3], drained = new int[3], within = new int[3];

        Run(SimulationRun.Response response, double spare) {
            this.response = response;
            this.spare = spare;
            for (int i = 0; i < partners.size(); i++) {
                partnerIndex.put(partners.get(i).ods(), i);
                partnerCapacity.add(Scenario.spare(partners.get(i), spare));
            }
            orders = new OrderToRoute[demand.size()][3];
            for (int r = 0; r < demand.size(); r++) {
                for (Priority priority : Scenario.PRIORITIES) {
                    orders[r][priority.ordinal()] = new OrderToRoute(priority, new HashSet<>(demand.get(r).tests()), demand.get(r).requester());
                }
            }
            baselineTakes = Set.copyOf(scenario.baseline().fallenLabTakes());
            requesterAllowance = new int[demand.size()];
            quotaLeft = new int[demand.size()];
            used = new int[partners.size()][3];
            offers = new PartnerOffer[demand.size()][];
        }

        SimulationRun simulate(String label) {
            List<DayFigures> days = new ArrayList<>(scenario.days());
            for (int day = 0; day < scenario.days(); day++) {
                boolean down = scenario.outage().covers(day);
                startDay(day, down);
                for (int hour = 0; hour < 24; hour++) {
                    for (Priority priority : Scenario.PRIORITIES) {
                        for (int r = 0; r < demand.size(); r++) {
                            int count = arrivals.count(day, hour, priority, r);
                            for (int i = 0; i < count; i++) {
                                arrive(r, priority, down);
                            }
                        }
                    }
                }
                drainBacklog();
                days.add(figures(day, down));
            }
            return new SimulationRun(label, response, spare,
                    partners.stream().map(Scenario.Lab::ods).toList(), days);
        }

        private void startDay(int day, boolean down) {
            long total = Math.round(scenario.outage().share(day) * normalTotal());
            boolean asIn2024 = down && response == SimulationRun.Response.AS_IN_2024;
            for (Priority priority : Scenario.PRIORITIES) {
                int share = asIn2024 && !baselineTakes.contains(priority) ? 0
                        : (int) Math.min(total, fallen.normalCapacity().getOrDefault(priority, 0));
                capacity[priority.ordinal()] = share;
                total -= share;
            }
            Arrays.fill(requesterAllowance, 0);
            if (asIn2024) {
                for (Scenario.Allowance allowance : scenario.baseline().allowances()) {
                    int r = requesterNumber(allowance.requester());
                    requesterAllowance[r] = (int) Math.min(total, allowance.perDay());
                    total -= requesterAllowance[r];
                }
            }
            // Beyond normal (a surge after the outage) the capacity can only drain the backlog.
            unallotted = total;
            for (int r = 0; r < demand.size(); r++) {
                Integer quota = demand.get(r).routineQuotaPerDay();
                quotaLeft[r] = quota == null ? -1 : quota;
            }
            for (int[] partner : used) {
                Arrays.fill(partner, 0);
            }
            Arrays.fill(offers, null);
            for (int[] counts : List.of(arrived, atHome, routed, refused, deferred, drained, within)) {
                Arrays.fill(counts, 0);
            }
        }

        private void arrive(int r, Priority priority, boolean down) {
            int p = priority.ordinal();
            arrived[p]++;
            boolean takenAtHome = capacity[p] > 0 || takenOnAllowance(r, priority, down);
            if (takenAtHome) {
                if (capacity[p] > 0) {
                    capacity[p]--;
                }
                atHome[p]++;
                OptionalInt target = RoutingPolicy.targetMinutes(priority);
                if (target.isPresent() && homeMinutes[down ? 1 : 0][r][p] <= target.getAsInt()) {
                    within[p]++;
                }
            } else if (!down) {
                deferred[p]++;
                backlog[p]++;
            } else if (response == SimulationRun.Response.AS_IN_2024) {
                refused[p]++;
            } else {
                triage(r, priority);
            }
        }

        private boolean takenOnAllowance(int r, Priority priority, boolean down) {
            if (!down || response != SimulationRun.Response.AS_IN_2024 || requesterAllowance[r] <= 0) {
                return false;
            }
            boolean covered = scenario.baseline().allowances().stream()
                    .anyMatch(a -> a.requester().equals(demand.get(r).requester()) && a.priorities().contains(priority));
            if (covered) {
                requesterAllowance[r]--;
            }
            return covered;
        }

        private void triage(int r, Priority priority) {
            int p = priority.ordinal();
            OptionalInt quota = quotaLeft[r] < 0 ? OptionalInt.empty() : OptionalInt.of(quotaLeft[r]);
            RoutingDecision decision = policy.triage(orders[r][p], offersFor(r), quota, fallen.name());
            switch (decision) {
                case RoutingDecision.Routed to -> {
                    used[partnerIndex.get(to.partnerOds())][p]++;
                    Arrays.fill(offers, null);
                    routed[p]++;
                    if (priority == Priority.ROUTINE && quotaLeft[r] > 0) {
                        quotaLeft[r]--;
                    }
                    if (RoutingPolicy.targetMinutes(priority).isPresent() && to.withinTarget()) {
                        within[p]++;
                    }
                }
                case RoutingDecision.Deferred ignored -> {
                    deferred[p]++;
                    backlog[p]++;
                }
                case RoutingDecision.Refused ignored -> refused[p]++;
            }
        }

        /** The partners as triage sees them for a request from requester type {@code r}; rebuilt only after a partner takes one. */
        private List<PartnerOffer> offersFor(int r) {
            if (offers[r] == null) {
                PartnerOffer[] built = new PartnerOffer[partners.size()];
                for (int i = 0; i < partners.size(); i++) {
                    Scenario.Lab partner = partners.get(i);
                    Map<Priority, Integer> usedToday = new EnumMap<>(Priority.class);
                    for (Priority priority : Scenario.PRIORITIES) {
                        usedToday.put(priority, used[i][priority.ordinal()]);
                    }
                    built[i] = new PartnerOffer(partner.ods(), partner.name(), new HashSet<>(partner.tests()), partnerCapacity.get(i),
                            usedToday, partner.turnaroundMinutes(), partner.transportMinutes().get(demand.get(r).requester()));
                }
                offers[r] = built;
            }
            return List.of(offers[r]);
        }

        private static int[][][] homeMinutes(Scenario.Lab fallen, List<Scenario.Demand> demand) {
            int[][][] minutes = new int[2][demand.size()][3];
            for (int down = 0; down < 2; down++) {
                Map<Priority, Integer> turnaround = down == 1 && fallen.outageTurnaroundMinutes() != null
                        ? fallen.outageTurnaroundMinutes() : fallen.turnaroundMinutes();
                for (int r = 0; r < demand.size(); r++) {
                    for (Priority priority : Scenario.PRIORITIES) {
                        minutes[down][r][priority.ordinal()] = fallen.transportMinutes().get(demand.get(r).requester())
                                + turnaround.getOrDefault(priority, fallen.turnaroundMinutes().get(priority));
                    }
                }
            }
            return minutes;
        }

        /** What the fallen lab's day left unused drains the backlog, critical first, then urgent, then routine. */
        private void drainBacklog() {
            long pool = unallotted;
            for (int c : capacity) {
                pool += c;
            }
            for (Priority priority : Scenario.PRIORITIES) {
                int p = priority.ordinal();
                long take = Math.min(pool, backlog[p]);
                backlog[p] -= take;
                drained[p] += (int) take;
                pool -= take;
            }
        }

        private DayFigures figures(int day, boolean down) {
            Map<Priority, DayFigures.Fates> fates = new EnumMap<>(Priority.class);
            for (Priority priority : Scenario.PRIORITIES) {
                int p = priority.ordinal();
                fates.put(priority, new DayFigures.Fates(arrived[p], atHome[p], routed[p], refused[p], deferred[p], drained[p], backlog[p], within[p]));
            }
            Map<String, Map<Priority, Integer>> load = new HashMap<>();
            for (int i = 0; i < partners.size(); i++) {
                Map<Priority, Integer> taken = new EnumMap<>(Priority.class);
                for (Priority priority : Scenario.PRIORITIES) {
                    taken.put(priority, used[i][priority.ordinal()]);
                }
                load.put(partners.get(i).ods(), taken);
            }
            return new DayFigures(day, scenario.startDate().plusDays(day), down, scenario.outage().share(day), fates, load);
        }

        private long normalTotal() {
            return fallen.normalCapacity().values().stream().mapToLong(Integer::longValue).sum();
        }

        private int requesterNumber(String requester) {
            for (int r = 0; r < demand.size(); r++) {
                if (demand.get(r).requester().equals(requester)) {
                    return r;
                }
            }
            throw new IllegalStateException("No demand for " + requester);
        }
    }
}
