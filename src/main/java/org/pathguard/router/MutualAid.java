package org.pathguard.router;

import org.pathguard.lab.Priority;

import java.util.List;
import java.util.Map;

/**
 * A mutual-aid agreement of the network: while {@code homeLab} is down, {@code partner} performs these tests for its
 * requesters, up to a number of requests a day per priority, reporting within its turnaround per priority, with
 * specimens taking {@code transportMinutes} to reach it. A priority without a turnaround is one it does not take.
 */
public record MutualAid(String homeLab, String partner, List<String> tests, Map<Priority, Integer> dailyCapacity,
                        Map<Priority, Integer> turnaroundMinutes, int transportMinutes) {

    public MutualAid {
        tests = tests == null ? List.of() : List.copyOf(tests);
        dailyCapacity = dailyCapacity == null ? Map.of() : Map.copyOf(dailyCapacity);
        turnaroundMinutes = turnaroundMinutes == null ? Map.of() : Map.copyOf(turnaroundMinutes);
    }
}
