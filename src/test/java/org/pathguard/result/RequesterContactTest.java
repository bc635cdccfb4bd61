package org.pathguard.result;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.LabRuleViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contact directory's rule: a named contact, reachable by phone or bleep, written as people dial them. */
class RequesterContactTest {

    @Test
    void aContactNeedsAName() {
        assertThatThrownBy(() -> RequesterContact.checked("G85001", " ", "020 7188 7188", null))
                .isInstanceOf(LabRuleViolation.class).hasMessage("Contact name is required");
    }

    @Test
    void aContactIsReachedByPhoneOrBleep() {
        RequesterContactSet ward = RequesterContact.checked("rj122", "Ward 7 nurses' station", null, " 4412 ");
        assertThat(ward.requesterOds()).isEqualTo("RJ122");
        assertThat(ward.bleep()).isEqualTo("4412");
        assertThat(ward.phone()).isNull();
        assertThat(RequesterContact.checked("G85001", "Duty doctor", "+44 20 7188 7188", null).phone()).isEqualTo("+44 20 7188 7188");
        assertThat(RequesterContact.checked("G85001", "Duty doctor", "01632 960001 ext 214", null).phone()).isEqualTo("01632 960001 ext 214");
        assertThatThrownBy(() -> RequesterContact.checked("G85001", "Duty doctor", "", ""))
                .isInstanceOf(LabRuleViolation.class).hasMessage("Give a phone number or a bleep to reach them");
    }

    @Test
    void numbersAreDigitsAsDialled() {
        assertThatThrownBy(() -> RequesterContact.checked("G85001", "Duty doctor", "call reception", null))
                .isInstanceOf(LabRuleViolation.class).extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("invalid-phone");
        assertThatThrownBy(() -> RequesterContact.checked("G85001", "Duty doctor", null, "44 12"))
                .isInstanceOf(LabRuleViolation.class).extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("invalid-bleep");
        assertThatThrownBy(() -> RequesterContact.checked("not an ods", "Duty doctor", null, "4412"))
                .isInstanceOf(LabRuleViolation.class).extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("invalid-ods-code");
    }
}
