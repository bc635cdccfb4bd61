package org.pathguard.result;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.LabRuleViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A performing laboratory is named by a well-formed ODS code and a name; a refusal says which is wrong, in these words. */
class PerformingLabTest {

    @Test
    void anOdsCodeAsWrittenIsForgivenItsSpaceAndCaseAndTheNameItsSpace() {
        assertThat(new PerformingLab(" rj122 ", "  Viapath  ")).isEqualTo(new PerformingLab("RJ122", "Viapath"));
    }

    @Test
    void aMalformedOdsCodeOrAMissingNameIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new PerformingLab("not an ods", "Viapath")).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("performing laboratory's ODS code").hasMessageNotContaining("requester");
        assertThatThrownBy(() -> new PerformingLab(null, "Viapath")).isInstanceOf(LabRuleViolation.class);
        assertThatThrownBy(() -> new PerformingLab("RJ122", " ")).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("needs its name");
    }
}
