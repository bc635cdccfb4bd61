package org.pathguard.qc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as earlier when a QC run is judged, and what the Westgard rules then make of the next run. */
class QcHistoryTest {

    private static QcHistory.PastRun run(int order, boolean rejected, double z) {
        UUID runId = UUID.randomUUID();
        return new QcHistory.PastRun(order, rejected, List.of(point(runId, order, z)));
    }

    private static QcPoint point(UUID runId, int order, double z) {
        return new QcPoint(UUID.randomUUID(), runId, order, "L1", BigDecimal.valueOf(100 + z * 2), BigDecimal.valueOf(100), BigDecimal.valueOf(2));
    }

    private static List<Integer> orders(List<QcPoint> points) {
        return points.stream().map(QcPoint::runOrder).toList();
    }

    @Test
    void rejectedRunsAndEverythingBeforeTheLatestOneDoNotCount() {
        var runs = List.of(run(1, false, 0.5), run(2, true, 3.5), run(3, false, 0.2), run(4, true, -3.2), run(5, false, 0.1), run(6, false, 0.3));
        assertThat(orders(QcHistory.earlierThatCount(runs, 0))).containsExactly(5, 6);
    }

    @Test
    void nothingBeforeTheRunAcceptedAfterTheLatestFailureCounts() {
        var runs = List.of(run(1, false, 1.5), run(2, true, 3.5), run(3, false, 1.5), run(4, false, 1.5), run(5, false, 0.1));
        assertThat(orders(QcHistory.earlierThatCount(runs, 4))).containsExactly(4, 5);
        assertThat(orders(QcHistory.earlierThatCount(runs, 0))).as("while none is accepted, the runs since the failure count")
                .containsExactly(3, 4, 5);
    }

    @Test
    void aShiftStartedBeforeAnAcceptedRunIsNotHeldAgainstTheNext() {
        // Three runs above 1 SD before the failure and acceptance: with them a fourth would break 4-1s.
        var runs = List.of(run(1, false, 1.5), run(2, false, 1.4), run(3, false, 1.6), run(4, true, 3.4), run(5, false, 1.2));
        UUID next = UUID.randomUUID();
        var judged = Westgard.judge(List.of(point(next, 6, 1.3)), QcHistory.earlierThatCount(runs, 5));
        assertThat(judged.rejected()).isFalse();
        var withoutTheFailure = Westgard.judge(List.of(point(next, 6, 1.3)),
                QcHistory.earlierThatCount(List.of(run(2, false, 1.4), run(3, false, 1.6), run(5, false, 1.2)), 0));
        assertThat(withoutTheFailure.rules()).as("the same points, counted, do break 4-1s").contains(WestgardRule.FOUR_1S);
    }
}
