package org.pathguard.simulation;

import org.pathguard.lab.Priority;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One run over the scenario's days: with the network router at one level of partner spare capacity, or the baseline
 * (what happened in 2024, no router).
 */
public record SimulationRun(String label, Response response, double spare, List<String> partners, List<DayFigures> days) {

    public SimulationRun {
        partners = List.copyOf(partners);
        days = List.copyOf(days);
    }

    /** How the network answers the fallen lab's requests in a run. */
    public enum Response {
        /** The network router triages each request the fallen lab cannot take with {@code RoutingPolicy}. */
        ROUTER,
        /** No router: the fallen lab takes what the baseline says it took; the rest is turned away. */
        AS_IN_2024
    }

    /** The whole run's fates of one priority: sums, and the backlog left at the end. */
    public DayFigures.Fates totals(Priority priority) {
        int arrived = 0, atHome = 0, routed = 0, refused = 0, deferred = 0, drained = 0, within = 0;
        for (DayFigures day : days) {
            DayFigures.Fates f = day.of(priority);
            arrived += f.arrived();
            atHome += f.atHome();
            routed += f.routed();
            refused += f.refused();
            deferred += f.deferred();
            drained += f.drained();
            within += f.withinTarget();
        }
        return new DayFigures.Fates(arrived, atHome, routed, refused, deferred, drained, days.getLast().of(priority).backlog(), within);
    }

    /**
     * Every request is in exactly one place at the end: done at home on arrival, done at home from the backlog,
     * done at a partner, refused, or still in the backlog; and every deferral is either drained or still waiting.
     */
    public boolean accountsForEveryRequest() {
        for (Priority priority : Scenario.PRIORITIES) {
            DayFigures.Fates t = totals(priority);
            if (t.arrived() != t.atHome() + t.routed() + t.refused() + t.deferred() || t.deferred() != t.drained() + t.backlog()) {
                return false;
            }
        }
        return true;
    }

    /** Share of the requests of this priority arriving on outage days whose result was within target. */
    public OptionalDouble withinTargetDuringOutage(Priority priority) {
        long arrived = 0, within = 0;
        for (DayFigures day : days) {
            if (day.down()) {
                arrived += day.of(priority).arrived();
                within += day.of(priority).withinTarget();
            }
        }
        return arrived == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) within / arrived);
    }

    public long peakBacklog(Priority priority) {
        return days.stream().mapToLong(d -> d.of(priority).backlog()).max().orElse(0);
    }

    public long routedTotal() {
        return Scenario.PRIORITIES.stream().mapToLong(p -> totals(p).routed()).sum();
    }

    public long refusedTotal() {
        return Scenario.PRIORITIES.stream().mapToLong(p -> totals(p).refused()).sum();
    }

    public long arrivedTotal() {
        return Scenario.PRIORITIES.stream().mapToLong(p -> totals(p).arrived()).sum();
    }

    /**
     * The first day after the last outage day on which nothing waits in the backlog; empty if the backlog outlasts
     * the run or nothing was ever deferred.
     */
    public OptionalInt backlogClearedOn() {
        int lastDown = days.stream().filter(DayFigures::down).mapToInt(DayFigures::day).max().orElse(-1);
        boolean anyDeferred = Scenario.PRIORITIES.stream().anyMatch(p -> totals(p).deferred() > 0);
        return !anyDeferred ? OptionalInt.empty()
                : days.stream().filter(d -> d.day() > lastDown && d.backlog() == 0).mapToInt(DayFigures::day).findFirst();
    }
}
