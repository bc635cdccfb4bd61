package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 item 15: a repeat within the test's minimum retest interval, or any test twice within an hour, is warned of. */
class MinimumRetestIntervalTest {

    private static final Map<Priority, Integer> TARGETS = Map.of(Priority.CRITICAL, 60, Priority.URGENT, 240, Priority.ROUTINE, 1440);
    private static final LabTest HBA1C = new LabTest("HBA1C", "HbA1c", "Clinical biochemistry", false, "EDTA", List.of("HBA1C"), TARGETS, 90);
    private static final LabTest FBC = new LabTest("FBC", "Full blood count", "Haematology", false, "EDTA", List.of("HB"), TARGETS, 0);
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void hbA1cWithinNinetyDaysIsWarnedWithTheDateItIsNextDue() {
        var warning = MinimumRetestInterval.check(HBA1C, NOW, List.of(NOW.minus(Duration.ofDays(30))));

        assertThat(warning).isPresent();
        assertThat(warning.get().testCode()).isEqualTo("HBA1C");
        assertThat(warning.get().words()).isEqualTo("HbA1c was requested for this patient on 06/11/2026 (30 days ago); the lab's "
                + "minimum interval between requests is 90 days, so the next is due from 04/02/2027.");
    }

    @Test
    void hbA1cAfterNinetyDaysIsNotWarned() {
        assertThat(MinimumRetestInterval.check(HBA1C, NOW, List.of(NOW.minus(Duration.ofDays(90))))).isEmpty();
        assertThat(MinimumRetestInterval.check(HBA1C, NOW, List.of())).isEmpty();
    }

    @Test
    void theLatestPreviousRequestCounts() {
        var warning = MinimumRetestInterval.check(HBA1C, NOW, List.of(NOW.minus(Duration.ofDays(200)), NOW.minus(Duration.ofDays(10))));

        assertThat(warning).map(MinimumRetestInterval.Warning::previous).contains(NOW.minus(Duration.ofDays(10)));
    }

    @Test
    void aTestWithNoIntervalIsWarnedOnlyWhenAskedTwiceWithinAnHour() {
        assertThat(MinimumRetestInterval.check(FBC, NOW, List.of(NOW.minusSeconds(40))))
                .map(MinimumRetestInterval.Warning::words)
                .contains("Full blood count was already requested for this patient less than a minute ago. Is this the same request again?");
        assertThat(MinimumRetestInterval.check(FBC, NOW, List.of(NOW.minus(Duration.ofMinutes(59)))))
                .map(MinimumRetestInterval.Warning::words).hasValueSatisfying(w -> assertThat(w).contains("59 minutes ago"));
        assertThat(MinimumRetestInterval.check(FBC, NOW, List.of(NOW.minus(Duration.ofMinutes(61))))).isEmpty();
    }

    @Test
    void aDuplicateWithinTheHourIsSaidAsADuplicateEvenWithALongerInterval() {
        assertThat(MinimumRetestInterval.check(HBA1C, NOW, List.of(NOW.minus(Duration.ofMinutes(5)))))
                .map(MinimumRetestInterval.Warning::words).hasValueSatisfying(w -> assertThat(w).contains("5 minutes ago").contains("same request"));
    }

    @Test
    void theShippedCatalogueSetsHbA1cToNinetyDaysAndFbcToNone() {
        var catalogue = org.pathguard.catalogue.CatalogueFile.loadShipped();

        assertThat(catalogue.test("HBA1C").minimumRetestDays()).isEqualTo(90);
        assertThat(catalogue.test("FBC").minimumRetestDays()).isZero();
    }
}
