package org.pathguard.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The restored copy's row counts against the live lab's. When the live log stands where the backup ends, every table
 * must match exactly; when the lab has recorded events since (a drill on a working server), the copy can only be
 * behind, never ahead: a restored table holding more than the lab does came from some other history.
 *
 * @param liveSequence     the live log's last sequence when its counts were read (in the same transaction)
 * @param restoredSequence the restored log's last sequence
 */
record CountComparison(long liveSequence, Map<String, Long> live, long restoredSequence, Map<String, Long> restored) {

    CountComparison {
        live = new LinkedHashMap<>(live);
        restored = new LinkedHashMap<>(restored);
    }

    /** What does not agree, one line each; empty when the copy is the lab's. */
    List<String> disagreements() {
        List<String> problems = new ArrayList<>();
        if (restoredSequence > liveSequence) {
            problems.add("the backup holds " + restoredSequence + " events but the lab only " + liveSequence);
        }
        boolean labMovedOn = liveSequence > restoredSequence;
        live.forEach((table, liveCount) -> {
            Long restoredCount = restored.get(table);
            if (restoredCount == null) {
                problems.add(table + " was not counted in the restored copy");
            } else if (labMovedOn ? restoredCount > liveCount : !restoredCount.equals(liveCount)) {
                problems.add(table + ": the restored copy holds " + restoredCount + " rows, the lab " + liveCount);
            }
        });
        return problems;
    }

    /** "patient 30 of 30; result 412 of 412", and by how many events the lab has moved on since the backup. */
    String summary() {
        String counts = live.keySet().stream().map(t -> t + " " + restored.getOrDefault(t, 0L) + " of " + live.get(t))
                .collect(Collectors.joining("; "));
        return liveSequence > restoredSequence ? counts + " (the lab has recorded " + (liveSequence - restoredSequence)
                + " events since the backup)" : counts;
    }
}
