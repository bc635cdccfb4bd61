package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.LabRuleViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a break-glass finding needs: plain rules. */
class BreakGlassOutcomeTest {

    @Test
    void aJustifiedReadNeedsNoNoteButKeepsOneGiven() {
        assertThat(BreakGlassOutcome.JUSTIFIED.note("  ")).isNull();
        assertThat(BreakGlassOutcome.JUSTIFIED.note(" ED attendance confirmed on the rota ")).isEqualTo("ED attendance confirmed on the rota");
    }

    @Test
    void aReadNotJustifiedNeedsANoteInWords() {
        assertThatThrownBy(() -> BreakGlassOutcome.NOT_JUSTIFIED.note(null))
                .isInstanceOfSatisfying(LabRuleViolation.class, e -> assertThat(e.code()).isEqualTo("reason-not-in-words"));
        assertThatThrownBy(() -> BreakGlassOutcome.NOT_JUSTIFIED.note("........."))
                .isInstanceOfSatisfying(LabRuleViolation.class, e -> assertThat(e.code()).isEqualTo("reason-not-in-words"));
        assertThat(BreakGlassOutcome.NOT_JUSTIFIED.note("No clinic that day; referred to the IG lead"))
                .isEqualTo("No clinic that day; referred to the IG lead");
    }

    @Test
    void aNoteLongerThanANoteIsRefused() {
        assertThatThrownBy(() -> BreakGlassOutcome.JUSTIFIED.note("a".repeat(2001)))
                .isInstanceOfSatisfying(LabRuleViolation.class, e -> assertThat(e.code()).isEqualTo("text-too-long"));
    }

    @Test
    void anAbsentOrUnknownOutcomeIsRefusedInWords() {
        assertThat(BreakGlassOutcome.named("NOT_JUSTIFIED")).isEqualTo(BreakGlassOutcome.NOT_JUSTIFIED);
        for (String bad : new String[]{null, "", "justified", "MAYBE"}) {
            assertThatThrownBy(() -> BreakGlassOutcome.named(bad))
                    .isInstanceOfSatisfying(LabRuleViolation.class, e -> assertThat(e.code()).isEqualTo("outcome-required"));
        }
    }
}
