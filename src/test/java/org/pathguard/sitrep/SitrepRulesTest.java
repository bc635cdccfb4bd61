package org.pathguard.sitrep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;

/** The sitrep's arithmetic and its period, without a database: baseline weekdays, rounding, ranks, UK days. */
class SitrepRulesTest {

    // Monday 2 March 2026; the clocks go forward on Sunday 29 March.
    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    @Test
    void normalIsTheSameWeekdayInEachOfTheFourWeeksBeforeTheBaseDay() {
        LocalDate declared = MONDAY.plusDays(2); // a Wednesday
        assertThat(CapacityDay.sameWeekdayBefore(declared, MONDAY.plusDays(9))) // the next Wednesday: from a week before
                .containsExactly(MONDAY.minusDays(5), MONDAY.minusDays(12), MONDAY.minusDays(19), MONDAY.minusDays(26));
        assertThat(CapacityDay.sameWeekdayBefore(declared, MONDAY.plusDays(7))) // a Monday: two days before
                .containsExactly(MONDAY, MONDAY.minusDays(7), MONDAY.minusDays(14), MONDAY.minusDays(21));
        assertThat(CapacityDay.sameWeekdayBefore(declared, MONDAY.plusDays(3))) // a Thursday: six days before
                .containsExactly(MONDAY.minusDays(4), MONDAY.minusDays(11), MONDAY.minusDays(18), MONDAY.minusDays(25));
    }

    @Test
    void theShareOfNormalRoundsHalfUpAndIsNoneWithoutANormal() {
        LocalDate base = MONDAY.plusDays(28);
        Map<LocalDate, Integer> before = Map.of(MONDAY, 100, MONDAY.plusDays(7), 101, MONDAY.plusDays(14), 100, MONDAY.plusDays(21), 101);
        // normal 100.5; 201 performed is exactly 200%; 1 is 0.995%, which rounds to 1%.
        assertThat(CapacityDay.of(base, 201, base, before)).isEqualTo(new CapacityDay(base, 201, new BigDecimal("100.5"), 200));
        assertThat(CapacityDay.of(base, 1, base, before).percentOfNormal()).isEqualTo(1);
        // 2 of a normal of 8 (32 over four weeks) is 25%; 1 of a normal of 0.25 is 400%.
        assertThat(CapacityDay.of(base, 2, base, Map.of(MONDAY.plusDays(21), 32)).percentOfNormal()).isEqualTo(25);
        assertThat(CapacityDay.of(base, 1, base, Map.of(MONDAY, 1))).isEqualTo(new CapacityDay(base, 1, new BigDecimal("0.3"), 400));
        assertThat(CapacityDay.of(base, 5, base, Map.of()).percentOfNormal()).isNull();
    }

    @Test
    void percentilesAreNearestRankWithoutFloatingPointSlips() {
        List<Duration> twenty = java.util.stream.LongStream.rangeClosed(1, 20).mapToObj(Duration::ofMinutes).toList();
        // rank ceil(0.95 x 20) = 19 exactly; a floating-point 0.95 x 20 is 19.000000000000004 and would give 20.
        assertThat(Percentiles.nearestRank(twenty, 95)).isEqualTo(Duration.ofMinutes(19));
        assertThat(Percentiles.nearestRank(twenty, 50)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Percentiles.nearestRank(List.of(Duration.ofMinutes(7)), 90)).isEqualTo(Duration.ofMinutes(7));
        assertThat(Percentiles.nearestRank(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3)), 50))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(Percentiles.nearestRank(List.of(), 50)).isNull();
    }

    @Test
    void turnaroundCountsWithinTheSettingsTargetAndBeyondItsUnacceptableLimit() {
        // Emergency department: target 1 h, unacceptable beyond 2 h; exactly at either limit is not beyond it.
        List<Duration> times = List.of(Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(90),
                Duration.ofMinutes(120), Duration.ofMinutes(121));
        TurnaroundFigure ed = TurnaroundFigure.of(org.pathguard.lab.RequesterSetting.ED, times);
        assertThat(ed).isEqualTo(new TurnaroundFigure(org.pathguard.lab.RequesterSetting.ED, 5, Duration.ofMinutes(90),
                Duration.ofMinutes(121), Duration.ofMinutes(121), 2, 1));
        assertThat(TurnaroundFigure.of(null, times).withinTarget()).isZero();
    }

    @Test
    void aPeriodIsAskedInWordsAndRefusedClearly() {
        assertThat(SitrepPeriod.parse(" Week ", "2026-03-02")).isEqualTo(new SitrepPeriod(SitrepPeriod.Length.WEEK, MONDAY));
        assertThatThrownBy(() -> SitrepPeriod.parse("fortnight", "2026-03-02")).isInstanceOf(LabRuleViolation.class)
                .hasMessage("The period is 'day' or 'week'");
        assertThatThrownBy(() -> SitrepPeriod.parse("day", "02/03/2026")).isInstanceOf(LabRuleViolation.class)
                .hasMessage("The first day must be a date written as 2026-12-07");
        assertThatThrownBy(() -> SitrepPeriod.parse("day", "2026-02-30")).isInstanceOf(LabRuleViolation.class);
        assertThatThrownBy(() -> SitrepPeriod.parse("day", "")).isInstanceOf(LabRuleViolation.class)
                .extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("missing-from");
    }

    @Test
    void aPeriodRunsFromUkMidnightToUkMidnightAndHasBegunOnlyThen() {
        SitrepPeriod week = new SitrepPeriod(SitrepPeriod.Length.WEEK, LocalDate.of(2026, 3, 23));
        assertThat(week.start()).isEqualTo(Instant.parse("2026-03-23T00:00:00Z"));
        // Across the clocks going forward: the week ends at midnight BST, 23:00 UTC.
        assertThat(week.end()).isEqualTo(Instant.parse("2026-03-29T23:00:00Z"));
        week.requireBegun(Instant.parse("2026-03-23T00:00:00Z"));
        assertThatThrownBy(() -> week.requireBegun(Instant.parse("2026-03-22T23:59:59Z"))).isInstanceOf(LabRuleViolation.class)
                .extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("period-not-begun");
    }

    @Test
    void theBacklogIsCountedAtEachDaysEndForAWeekAndEverySixHoursForADayNeverAhead() {
        SitrepPeriod week = new SitrepPeriod(SitrepPeriod.Length.WEEK, LocalDate.of(2026, 3, 23));
        assertThat(week.backlogPoints(week.end())).hasSize(7)
                .contains(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T23:00:00Z"));
        SitrepPeriod day = new SitrepPeriod(SitrepPeriod.Length.DAY, LocalDate.of(2026, 6, 1));
        assertThat(day.backlogPoints(Instant.parse("2026-06-01T11:00:00Z"))) // 12:00 UK time
                .containsExactly(Instant.parse("2026-06-01T05:00:00Z"), Instant.parse("2026-06-01T11:00:00Z"));
    }

    @Test
    void aSubjectIsChosenByOdsCodeOrNetworkAndAnyOtherIsNotFound() {
        Sitrep.Subject network = new Sitrep.Subject(Sitrep.Subject.Kind.NETWORK, null, "the network");
        Sitrep.Subject lab = new Sitrep.Subject(Sitrep.Subject.Kind.LAB, "RJ1", "Guy's");
        assertThat(Sitreps.chosen(List.of(network, lab), "")).isEqualTo(network);
        assertThat(Sitreps.chosen(List.of(network, lab), "rj1")).isEqualTo(lab);
        assertThat(Sitreps.chosen(List.of(network, lab), "Network")).isEqualTo(network);
        assertThatThrownBy(() -> Sitreps.chosen(List.of(lab), "RYJ")).isInstanceOf(NotFound.class)
                .hasMessage("No sitrep about RYJ here; ask about RJ1");
    }
}
