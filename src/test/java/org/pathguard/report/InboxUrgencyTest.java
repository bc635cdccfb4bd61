package org.pathguard.report;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.Flag;
import org.pathguard.result.ResultStatus;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The GP's inbox reads a report by its worst flag: a critical limit crossed, then any abnormal result, then none. */
class InboxUrgencyTest {

    private static Report.Line line(Flag flag) {
        return new Report.Line("UE", "K", "Potassium", "2823-3", "4.1", "mmol/L", null, null, flag, ResultStatus.FINAL, 1, null);
    }

    @Test
    void aCriticalLimitCrossedIsCriticalWhateverElseTheReportSays() {
        assertThat(ResultsInbox.urgency(List.of(line(Flag.H), line(Flag.HH)))).isEqualTo(ResultsInbox.Urgency.CRITICAL);
        assertThat(ResultsInbox.urgency(List.of(line(Flag.LL)))).isEqualTo(ResultsInbox.Urgency.CRITICAL);
    }

    @Test
    void highOrLowIsAbnormalAndNoFlagIsNormal() {
        assertThat(ResultsInbox.urgency(List.of(line(Flag.L)))).isEqualTo(ResultsInbox.Urgency.ABNORMAL);
        assertThat(ResultsInbox.urgency(List.of())).isEqualTo(ResultsInbox.Urgency.NORMAL);
    }

    @Test
    void criticalSortsBeforeAbnormalBeforeNormal() {
        assertThat(List.of(ResultsInbox.Urgency.values())).containsExactly(ResultsInbox.Urgency.CRITICAL, ResultsInbox.Urgency.ABNORMAL,
                ResultsInbox.Urgency.NORMAL);
    }
}
