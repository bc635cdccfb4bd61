package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathguard.lab.InterpretationTest.CREATININE;
import static org.pathguard.lab.InterpretationTest.POTASSIUM;
import static org.pathguard.lab.InterpretationTest.d;

class AutoverificationTest {

    static Autoverification.Verdict decide(Analyte a, String value, Set<String> flags, String previous) {
        BigDecimal v = d(value);
        return Autoverification.decide(a, v, Interpretation.of(a, v, Sex.MALE, 50), flags,
                previous == null ? null : d(previous), false, false);
    }

    @Test
    void releasesAnInRangeValueWithNoFlagAndAPlausibleDelta() {
        assertThat(decide(POTASSIUM, "4.2", Set.of(), "4.0")).isEqualTo(new Autoverification.Verdict(true, List.of()));
        assertThat(decide(POTASSIUM, "4.2", Set.of(), null).release()).isTrue();
    }

    @Test
    void holdsOutOfRangeAndCriticalValues() {
        assertThat(decide(POTASSIUM, "5.6", Set.of(), null).reasons()).containsExactly(HoldReason.OUTSIDE_REFERENCE_RANGE);
        assertThat(decide(POTASSIUM, "6.8", Set.of(), null).reasons())
                .containsExactly(HoldReason.CRITICAL, HoldReason.OUTSIDE_REFERENCE_RANGE);
    }

    @Test
    void holdsWhenTheAnalyserFlaggedTheRun() {
        assertThat(decide(POTASSIUM, "4.2", Set.of("HAEMOLYSIS"), null).reasons()).containsExactly(HoldReason.ANALYSER_FLAG);
    }

    @Test
    void absoluteDeltaLimitIsInclusive() {
        assertThat(decide(POTASSIUM, "5.0", Set.of(), "4.0").release()).isTrue();
        assertThat(decide(POTASSIUM, "5.1", Set.of(), "4.0").reasons()).containsExactly(HoldReason.DELTA_EXCEEDED);
        assertThat(decide(POTASSIUM, "3.5", Set.of(), "4.6").reasons()).containsExactly(HoldReason.DELTA_EXCEEDED);
    }

    @Test
    void percentDeltaLimitAgainstThePreviousValue() {
        assertThat(decide(CREATININE, "90", Set.of(), "60").release()).isTrue();
        assertThat(decide(CREATININE, "91", Set.of(), "60").reasons()).containsExactly(HoldReason.DELTA_EXCEEDED);
    }

    @Test
    void textResultsAlwaysNeedAPerson() {
        Analyte group = new Analyte("ABORH", "ABO and RhD group", "882-1", null, false, null, List.of(), null, null, null, List.of());
        assertThat(Autoverification.decide(group, null, null, Set.of(), null, false, false).reasons()).containsExactly(HoldReason.TEXT_RESULT);
    }

    @Test
    void noReferenceRangeIsHeld() {
        BigDecimal v = d("70");
        var verdict = Autoverification.decide(CREATININE, v, Interpretation.of(CREATININE, v, Sex.UNKNOWN, 50), Set.of(), null, false, false);
        assertThat(verdict.reasons()).containsExactly(HoldReason.NO_REFERENCE_RANGE);
    }

    @Test
    void aValueFromAnAnalyserOutOfControlIsHeldForQcHoweverNormalItLooks() {
        BigDecimal v = d("4.2");
        var verdict = Autoverification.decide(POTASSIUM, v, Interpretation.of(POTASSIUM, v, Sex.MALE, 50), Set.of(), d("4.0"), true, false);
        assertThat(verdict).isEqualTo(new Autoverification.Verdict(false, List.of(HoldReason.QC)));
        assertThat(HoldReason.QC.needsConfirmation()).as("a QC hold is released only by a deliberate confirmation").isTrue();
        BigDecimal high = d("6.8");
        assertThat(Autoverification.decide(POTASSIUM, high, Interpretation.of(POTASSIUM, high, Sex.MALE, 50), Set.of("HAEMOLYSIS"), null, true, false)
                .reasons()).containsExactly(HoldReason.CRITICAL, HoldReason.OUTSIDE_REFERENCE_RANGE, HoldReason.ANALYSER_FLAG, HoldReason.QC);
    }

    @Test
    void aNormalLookingValueFromATubePastItsStabilityIsHeldForAnAuthoriser() {
        BigDecimal v = d("4.2");
        var verdict = Autoverification.decide(POTASSIUM, v, Interpretation.of(POTASSIUM, v, Sex.MALE, 50), Set.of(), d("4.0"), false, true);
        assertThat(verdict).isEqualTo(new Autoverification.Verdict(false, List.of(HoldReason.PAST_STABILITY)));
        assertThat(HoldReason.PAST_STABILITY.needsConfirmation()).as("a late tube is released only by a deliberate confirmation").isTrue();
        BigDecimal high = d("6.8");
        assertThat(Autoverification.decide(POTASSIUM, high, Interpretation.of(POTASSIUM, high, Sex.MALE, 50), Set.of(), null, false, true)
                .reasons()).containsExactly(HoldReason.CRITICAL, HoldReason.OUTSIDE_REFERENCE_RANGE, HoldReason.PAST_STABILITY);
    }
}
