package org.pathguard.simulation;

import org.pathguard.lab.Priority;

import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One simulated day: the fallen lab's capacity share, and per priority what arrived and what became of it. Partner
 * load is the requests each partner took that day, per priority. Backlog is what waits at the end of the day.
 */
public record DayFigures(int day, LocalDate date, boolean down, double capacityShare, Map<Priority, Fates> fates,
                         Map<String, Map<Priority, Integer>> partnerLoad) {

    public DayFigures {
        fates = Map.copyOf(fates);
        partnerLoad = partnerLoad.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    /**
     * What became of one priority's requests on one day. Every arrival is counted once, in {@code atHome} (done at
     * the fallen lab within its capacity), {@code routed} (to a partner), {@code refused} (turned away: the requester
     * must arrange it another way) or {@code deferred} (into the backlog). {@code drained} are backlog requests done
     * at the home lab that day, from any earlier day. {@code withinTarget}: of the day's arrivals, results within the
     * priority's target (critical 60, urgent 240 minutes); none for routine.
     */
    public record Fates(int arrived, int atHome, int routed, int refused, int deferred, int drained, long backlog, int withinTarget) {
    }

    public Fates of(Priority priority) {
        return fates.get(priority);
    }

    /** Share of the day's requests of this priority whose result was within target; empty on a day none arrived. */
    public OptionalDouble withinTargetShare(Priority priority) {
        Fates f = of(priority);
        return f.arrived() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) f.withinTarget() / f.arrived());
    }

    public long backlog() {
        return fates.values().stream().mapToLong(Fates::backlog).sum();
    }

    public int partnerLoad(String ods) {
        return partnerLoad.getOrDefault(ods, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }
}
