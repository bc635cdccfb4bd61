package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InterpretationTest {

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    // Creatinine-like: children lower, adult ranges by sex.
    static final Analyte CREATININE = new Analyte("CREA", "Creatinine", "14682-9", "umol/L", true, 0, List.of(
            new ReferenceRange(null, 0, 18, d("20"), d("80")),
            new ReferenceRange(Sex.MALE, 18, null, d("59"), d("104")),
            new ReferenceRange(Sex.FEMALE, 18, null, d("45"), d("84"))),
            new CriticalLimits(null, d("1000")), new DeltaLimit(DeltaLimit.Kind.PERCENT, d("50")),
            new PossibleRange(d("5"), d("4000")), List.of());

    static final Analyte POTASSIUM = new Analyte("K", "Potassium", "2823-3", "mmol/L", true, 1, List.of(
            new ReferenceRange(null, 0, null, d("3.5"), d("5.3"))),
            new CriticalLimits(d("2.5"), d("6.5")), new DeltaLimit(DeltaLimit.Kind.ABSOLUTE, d("1.0")),
            new PossibleRange(d("0.5"), d("20")), List.of());

    @Test
    void rangeBoundsAreInsideTheRange() {
        assertThat(Interpretation.of(POTASSIUM, d("3.5"), Sex.MALE, 40).flag()).isNull();
        assertThat(Interpretation.of(POTASSIUM, d("5.3"), Sex.MALE, 40).flag()).isNull();
        assertThat(Interpretation.of(POTASSIUM, d("3.4"), Sex.MALE, 40).flag()).isEqualTo(Flag.L);
        assertThat(Interpretation.of(POTASSIUM, d("5.4"), Sex.MALE, 40).flag()).isEqualTo(Flag.H);
    }

    @Test
    void criticalOnlyStrictlyBeyondTheLimit() {
        assertThat(Interpretation.of(POTASSIUM, d("6.5"), Sex.FEMALE, 70)).extracting(Interpretation::flag, Interpretation::critical)
                .containsExactly(Flag.H, false);
        assertThat(Interpretation.of(POTASSIUM, d("6.6"), Sex.FEMALE, 70)).extracting(Interpretation::flag, Interpretation::critical)
                .containsExactly(Flag.HH, true);
        assertThat(Interpretation.of(POTASSIUM, d("2.4"), Sex.FEMALE, 70)).extracting(Interpretation::flag, Interpretation::critical)
                .containsExactly(Flag.LL, true);
        assertThat(Interpretation.of(POTASSIUM, d("2.5"), Sex.FEMALE, 70).flag()).isEqualTo(Flag.L);
    }

    @Test
    void rangeChosenBySex() {
        assertThat(Interpretation.of(CREATININE, d("90"), Sex.MALE, 40).flag()).isNull();
        assertThat(Interpretation.of(CREATININE, d("90"), Sex.FEMALE, 40).flag()).isEqualTo(Flag.H);
        assertThat(Interpretation.of(CREATININE, d("50"), Sex.MALE, 40).flag()).isEqualTo(Flag.L);
        assertThat(Interpretation.of(CREATININE, d("50"), Sex.FEMALE, 40).flag()).isNull();
    }

    @Test
    void rangeChosenByAgeBandWithTheUpperBoundExclusive() {
        assertThat(Interpretation.of(CREATININE, d("85"), Sex.MALE, 17).flag()).isEqualTo(Flag.H);
        assertThat(Interpretation.of(CREATININE, d("85"), Sex.MALE, 18).flag()).isNull();
        assertThat(Interpretation.of(CREATININE, d("85"), Sex.MALE, 17).range().high()).isEqualByComparingTo("80");
    }

    @Test
    void unknownSexWithOnlySexSpecificAdultRangesHasNoRange() {
        Interpretation i = Interpretation.of(CREATININE, d("70"), Sex.UNKNOWN, 40);
        assertThat(i.range()).isNull();
        assertThat(i.flag()).isNull();
    }

    @Test
    void ageIsCompletedYearsOnTheCollectionDay() {
        LocalDate dob = LocalDate.of(2008, 6, 15);
        assertThat(Interpretation.ageInYears(dob, LocalDate.of(2026, 6, 14))).isEqualTo(17);
        assertThat(Interpretation.ageInYears(dob, LocalDate.of(2026, 6, 15))).isEqualTo(18);
    }
}
