package org.pathguard.routing;

import org.pathguard.lab.Priority;

import java.util.Map;
import java.util.Set;

/**
 * A partner laboratory as triage sees it for one fallen lab today: the tests it agreed to perform for that lab, what
 * it agreed to take per priority in a day and has already taken, its turnaround per priority and how long a
 * specimen takes to reach it. A priority without an agreed capacity or turnaround is one it does not take.
 */
public record PartnerOffer(String odsCode, String name, Set<String> tests, Map<Priority, Integer> dailyCapacity,
                           Map<Priority, Integer> usedToday, Map<Priority, Integer> turnaroundMinutes, int transportMinutes) {

    public PartnerOffer {
        tests = Set.copyOf(tests);
        dailyCapacity = Map.copyOf(dailyCapacity);
        usedToday = Map.copyOf(usedToday);
        turnaroundMinutes = Map.copyOf(turnaroundMinutes);
    }

    /** Requests of this priority it can still take today. */
    public int left(Priority priority) {
        return Math.max(0, dailyCapacity.getOrDefault(priority, 0) - usedToday.getOrDefault(priority, 0));
    }

    /** From the blood leaving the requester to the result: transport plus the partner's turnaround, or -1 when it does not take the priority. */
    public int minutesToResult(Priority priority) {
        Integer turnaround = turnaroundMinutes.get(priority);
        return turnaround == null ? -1 : transportMinutes + turnaround;
    }

    public boolean performs(Set<String> wanted) {
        return tests.containsAll(wanted);
    }

    /** The same offer with one more request of {@code priority} taken today. */
    public PartnerOffer taking(Priority priority) {
        Map<Priority, Integer> used = new java.util.EnumMap<>(Priority.class);
        used.putAll(usedToday);
        used.merge(priority, 1, Integer::sum);
        return new PartnerOffer(odsCode, name, tests, dailyCapacity, used, turnaroundMinutes, transportMinutes);
    }
}
