package org.pathguard.qc;

import java.util.List;

/**
 * Which earlier runs of an analyte on an analyser still count when the next run is judged: the Westgard rules look
 * for shifts across runs, and a run that was rejected, or anything before the latest failure or before the run a
 * person accepted after a failure, says nothing about the analyser as it is now.
 */
final class QcHistory {

    private QcHistory() {
    }

    /** A past run: its number among the pair's runs, whether it was rejected, and its points. */
    record PastRun(int order, boolean rejected, List<QcPoint> points) {
    }

    /**
     * @param runs                      past runs in any order
     * @param acceptedAfterLatestFailure the number of the run a person accepted after the latest failure, 0 if none
     */
    static List<QcPoint> earlierThatCount(List<PastRun> runs, int acceptedAfterLatestFailure) {
        int lastRejected = runs.stream().filter(PastRun::rejected).mapToInt(PastRun::order).max().orElse(0);
        return runs.stream()
                .filter(r -> !r.rejected() && r.order() > lastRejected && r.order() >= acceptedAfterLatestFailure)
                .flatMap(r -> r.points().stream()).toList();
    }
}
