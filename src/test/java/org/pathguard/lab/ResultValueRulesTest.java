package org.pathguard.lab;

import org.junit.jupiter.api.Test;
import org.pathguard.catalogue.CatalogueFile;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Coded results take only their list; numbers only the range possible in a patient. Plain rules on the shipped catalogue. */
class ResultValueRulesTest {

    private static final Catalogue CATALOGUE = CatalogueFile.loadShipped();

    @Test
    void aBloodGroupIsOneOfItsListByCodeSnomedOrWordsInAnyCase() {
        Analyte group = CATALOGUE.analyte("ABORH");
        assertThat(group.coded()).isTrue();
        assertThat(group.answer("OPOS").words()).isEqualTo("O RhD positive");
        assertThat(group.answer("278148006").words()).isEqualTo("O RhD negative");
        assertThat(group.answer("  ab  rhd  NEGATIVE ").words()).isEqualTo("AB RhD negative");
        assertThat(group.codes()).extracting(CodedValue::snomed).contains("278147001", "278149003", "278150003", "278151004",
                "278152006", "278153001", "278154007");
    }

    @Test
    void anythingElseIsRefusedNamingTheList() {
        Analyte group = CATALOGUE.analyte("ABORH");
        for (String wrong : List.of("banana", "O", "O positive maybe", "27814700", "")) {
            assertThatThrownBy(() -> group.answer(wrong)).isInstanceOf(LabRuleViolation.class)
                    .hasMessageContaining("must be one of: O RhD positive, O RhD negative")
                    .extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("not-in-code-list");
        }
    }

    @Test
    void aPotassiumOf300IsATypingErrorAndTheMessageSaysThePossibleRange() {
        Analyte potassium = CATALOGUE.analyte("K");
        assertThatThrownBy(() -> potassium.requirePossible(new BigDecimal("300"))).isInstanceOf(LabRuleViolation.class)
                .hasMessage("Potassium must be between 0.5 and 20 mmol/L, the range possible in a patient; check the value for a typing error")
                .extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("impossible-value");
        assertThatThrownBy(() -> potassium.requirePossible(new BigDecimal("0.4"))).isInstanceOf(LabRuleViolation.class);
        // The ends are possible, and so is a critical value.
        potassium.requirePossible(new BigDecimal("0.5"));
        potassium.requirePossible(new BigDecimal("20"));
        potassium.requirePossible(new BigDecimal("8.1"));
    }

    @Test
    void everyNumberInTheCatalogueHasAPossibleRangeHoldingItsReferenceAndCriticalLimits() {
        for (Analyte a : CATALOGUE.analytes()) {
            if (!a.numeric()) {
                assertThat(a.coded()).as(a.code()).isTrue();
                continue;
            }
            PossibleRange possible = a.possible();
            assertThat(possible).as(a.code()).isNotNull();
            for (ReferenceRange r : a.ranges()) {
                if (r.low() != null) assertThat(possible.contains(r.low())).as(a.code() + " low").isTrue();
                if (r.high() != null) assertThat(possible.contains(r.high())).as(a.code() + " high").isTrue();
            }
            if (a.critical() != null) {
                if (a.critical().low() != null) assertThat(possible.contains(a.critical().low())).as(a.code()).isTrue();
                if (a.critical().high() != null) assertThat(possible.contains(a.critical().high())).as(a.code()).isTrue();
            }
        }
    }

    @Test
    void aPossibleRangeNeedsItsLowEndBelowItsHighEnd() {
        assertThatThrownBy(() -> new PossibleRange(BigDecimal.TEN, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PossibleRange(null, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
