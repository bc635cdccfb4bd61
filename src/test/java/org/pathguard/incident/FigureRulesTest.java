package org.pathguard.incident;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.LabRuleViolation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The incident cell's figures: what may be recorded, and every problem named with its field. No Spring, no database. */
class FigureRulesTest {

    private static final LocalDate DECLARED = LocalDate.of(2026, 12, 3);
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    private static FigureEntry entry(LocalDate day, FigureKind kind, String value) {
        return new FigureEntry(" rj1 ", " Guy's and St Thomas' NHS Foundation Trust ", day, kind,
                value == null ? null : new BigDecimal(value), " trust bed meeting 08:00 ");
    }

    private static List<String> codes(FigureEntry entry) {
        return FigureRules.problems(entry, TODAY, DECLARED).stream().map(FigureRules.Problem::code).toList();
    }

    @Test
    void aFigureForADayOfTheIncidentIsRecordedTidied() {
        FigureEntry checked = FigureRules.checked(entry(DECLARED, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "120.00"), TODAY, DECLARED);
        assertThat(checked.organisationOds()).isEqualTo("RJ1");
        assertThat(checked.organisationName()).isEqualTo("Guy's and St Thomas' NHS Foundation Trust");
        assertThat(checked.value()).isEqualByComparingTo("120");
        assertThat(checked.value().toPlainString()).isEqualTo("120");
        assertThat(checked.source()).isEqualTo("trust bed meeting 08:00");
        assertThat(FigureRules.checked(entry(TODAY, FigureKind.O_NEGATIVE_STOCK_DAYS, "2.50"), TODAY, DECLARED).value().toPlainString())
                .isEqualTo("2.5");
        assertThat(codes(entry(TODAY, FigureKind.OUTPATIENT_APPOINTMENTS_POSTPONED, "0"))).isEmpty();
    }

    @Test
    void aDayThatHasNotHappenedOrCameBeforeTheIncidentIsRefused() {
        assertThat(codes(entry(TODAY.plusDays(1), FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "3"))).containsExactly("day-in-future");
        assertThat(codes(entry(DECLARED.minusDays(1), FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "3"))).containsExactly("day-before-incident");
        assertThat(codes(entry(null, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "3"))).containsExactly("missing-field");
    }

    @Test
    void aNegativeValueAFractionOfACountOrATypingSlipIsRefused() {
        assertThat(codes(entry(TODAY, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "-1"))).containsExactly("value-negative");
        assertThat(codes(entry(TODAY, FigureKind.O_NEGATIVE_STOCK_DAYS, "-0.5"))).containsExactly("value-negative");
        assertThat(codes(entry(TODAY, FigureKind.OUTPATIENT_APPOINTMENTS_POSTPONED, "2.5"))).containsExactly("value-not-whole");
        assertThat(codes(entry(TODAY, FigureKind.O_NEGATIVE_STOCK_DAYS, "2.125"))).containsExactly("value-too-precise");
        assertThat(codes(entry(TODAY, FigureKind.O_NEGATIVE_STOCK_DAYS, "1000000.01"))).containsExactly("value-too-large");
        assertThat(codes(entry(TODAY, FigureKind.O_NEGATIVE_STOCK_DAYS, null))).containsExactly("missing-field");
    }

    @Test
    void everyProblemIsNamedWithItsFieldAndTheFirstIsTheRefusal() {
        FigureEntry bad = new FigureEntry("R!", "", TODAY.plusDays(3), null, new BigDecimal("-4"), "  ");
        assertThat(FigureRules.problems(bad, TODAY, DECLARED)).extracting(FigureRules.Problem::field)
                .containsExactly("organisationOds", "organisationName", "day", "kind", "value", "source");
        assertThatThrownBy(() -> FigureRules.checked(bad, TODAY, DECLARED)).isInstanceOf(LabRuleViolation.class)
                .hasMessageStartingWith("organisationOds: ");
        FigureEntry noSource = new FigureEntry("RJ1", "Guy's", TODAY, FigureKind.O_NEGATIVE_STOCK_DAYS, BigDecimal.ONE, null);
        assertThatThrownBy(() -> FigureRules.checked(noSource, TODAY, DECLARED)).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("source").extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("missing-field");
    }

    @Test
    void aSourceMustBeOneLine() {
        FigureEntry twoLines = new FigureEntry("RJ1", "Guy's", TODAY, FigureKind.O_NEGATIVE_STOCK_DAYS, BigDecimal.ONE, "bank\ncount");
        assertThat(codes(twoLines)).containsExactly("invalid-character");
    }
}
