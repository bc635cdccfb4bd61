package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reception's and the critical-call bench's plain rules: barcodes, rejection reasons in words, the time to phone. */
class BenchRulesTest {

    @Test
    void aBarcodeIsTrimmedAndAtMost32Characters() {
        assertThat(Barcode.scanned("  PG00012345 \n")).isEqualTo("PG00012345");
        assertThat(Barcode.scanned("x".repeat(32))).hasSize(32);
        assertThatThrownBy(() -> Barcode.scanned("7".repeat(3000))).isInstanceOf(LabRuleViolation.class)
                .hasMessage("A barcode has at most 32 characters; this scan had 3000. Scan the tube again, or type the barcode printed under the bars");
        assertThatThrownBy(() -> Barcode.scanned("   ")).isInstanceOf(LabRuleViolation.class).hasMessageContaining("Scan a specimen");
    }

    @Test
    void rejectionReasonsAreSaidAsPeopleSayThem() {
        assertThat(RejectionReason.inWords()).isEqualTo("unlabelled, haemolysed, wrong container, insufficient or clotted");
    }

    @Test
    void aCriticalNotPhonedWithinItsTimeIsOverdueAndGoesToTheDutyBiochemist() {
        CallDeadline deadline = new CallDeadline(Duration.ofMinutes(30), "the duty biochemist");
        Instant raised = Instant.parse("2025-03-14T09:00:00Z");
        assertThat(deadline.dueBy(raised)).isEqualTo(Instant.parse("2025-03-14T09:30:00Z"));
        assertThat(deadline.overdue(raised, raised.plus(Duration.ofMinutes(29)))).isFalse();
        assertThat(deadline.overdue(raised, raised.plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(deadline.overdue(raised, raised.plus(Duration.ofMinutes(31)))).isTrue();
        assertThat(deadline.escalateTo()).isEqualTo("the duty biochemist");
    }

    @Test
    void aDeadlineNeedsATimeAndSomeoneToEscalateTo() {
        assertThatThrownBy(() -> new CallDeadline(Duration.ZERO, "the duty biochemist")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallDeadline(Duration.ofMinutes(30), " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
