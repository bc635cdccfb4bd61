package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreeTextTest {

    @Test
    void namesAreWrittenAsPeopleWriteThemInAnyScript() {
        assertThat(FreeText.name("familyName", "  O'Brien-Smith ")).isEqualTo("O'Brien-Smith");
        assertThat(FreeText.name("familyName", "Ní Mhaoláin")).isEqualTo("Ní Mhaoláin");
        assertThat(FreeText.name("givenName", "St. John")).isEqualTo("St. John");
        assertThat(FreeText.name("familyName", "Müller")).isEqualTo("Müller");
        assertThat(FreeText.name("familyName", "D’Souza")).isEqualTo("D’Souza");
        assertThat(FreeText.name("familyName", "Ωμέγα")).isEqualTo("Ωμέγα");
    }

    @Test
    void namesCannotBreakALabelAScreenOrAMessage() {
        for (String broken : new String[]{"Smith\nJones", "Smith\rJones", "Smith|PID", "Sm^ith", "Smi~th", "Smi\\th", "Smi&th",
                "Smith\u0000", "Smith2", "-Smith", "<script>"}) {
            assertThatThrownBy(() -> FreeText.name("familyName", broken)).as(broken).isInstanceOf(LabRuleViolation.class)
                    .hasMessageContaining("familyName").hasMessageNotContaining(broken.strip());
        }
        assertThatThrownBy(() -> FreeText.name("familyName", "A".repeat(81))).hasMessageContaining("longer than 80");
        assertThat(FreeText.name("familyName", "A".repeat(80))).hasSize(80);
        assertThatThrownBy(() -> FreeText.name("familyName", "  ")).hasMessageContaining("required");
    }

    @Test
    void aLineIsOneLineAndANoteMayHaveSeveral() {
        assertThat(FreeText.line("clinician", " Dr A. Jones (GMC 1234567) ")).isEqualTo("Dr A. Jones (GMC 1234567)");
        assertThatThrownBy(() -> FreeText.line("clinician", "Dr A\rOBX|1")).hasMessageContaining("one line");
        assertThatThrownBy(() -> FreeText.line("clinician", "x".repeat(121))).hasMessageContaining("longer than 120");
        assertThat(FreeText.note("clinicalDetails", "Chest pain\nsince 06:00")).isEqualTo("Chest pain\nsince 06:00");
        assertThat(FreeText.note("clinicalDetails", "   ")).isNull();
        assertThatThrownBy(() -> FreeText.note("clinicalDetails", "bell\u0007")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> FreeText.note("clinicalDetails", "x".repeat(2001))).hasMessageContaining("longer than 2000");
    }
}
