package org.pathguard.result;

import org.junit.jupiter.api.Test;
import org.pathguard.catalogue.CatalogueFile;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabRuleViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ResultDesk.parse is where every door's value is judged (API, HL7, screens, amendments): the rules hold there. */
class ResultValueDoorTest {

    private static final Catalogue CATALOGUE = CatalogueFile.loadShipped();

    private static ResultDesk.Value parse(String analyte, String value, String unit) {
        return ResultDesk.parse(CATALOGUE.analyte(analyte), new ResultSubmission.Item(analyte, value, unit, null));
    }

    @Test
    void aCodedResultIsReportedInItsListsWords() {
        assertThat(parse("ABORH", "opos", null).text()).isEqualTo("O RhD positive");
        assertThat(parse("ABORH", "278152006", null).text()).isEqualTo("A RhD negative");
        assertThat(parse("ABORH", "opos", null).numeric()).isNull();
        assertThatThrownBy(() -> parse("ABORH", "banana", null)).isInstanceOf(LabRuleViolation.class)
                .hasMessageStartingWith("ABO and RhD blood group must be one of:");
    }

    @Test
    void anImpossibleNumberIsRefusedBeforeRounding() {
        assertThatThrownBy(() -> parse("K", "300", "mmol/L")).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("between 0.5 and 20 mmol/L");
        assertThatThrownBy(() -> parse("K", "20.04", "mmol/L")).isInstanceOf(LabRuleViolation.class);
        assertThat(parse("K", "8.1", "mmol/L").numeric()).isEqualByComparingTo("8.1");
        // The older checks keep their codes: a number too long to hold is still out of bounds, not "impossible".
        assertThatThrownBy(() -> parse("K", "1e-999999999", null)).isInstanceOf(LabRuleViolation.class)
                .extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("value-out-of-bounds");
    }
}
