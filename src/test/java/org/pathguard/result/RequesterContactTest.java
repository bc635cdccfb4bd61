package org.pathguard.result;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.RequesterSetting;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contact directory's rule: a named contact, reachable by phone or bleep, written as people dial them. */
class RequesterContactTest {

    @Test
    void aContactNeedsAName() {
        assertThatThrownBy(() -> RequesterContact.checked("G85001", " ", "020 7188 7188", null, null))
                .isInstanceOf(LabRuleViolation.class).hasMessage("Contact name is required");
    }

    @Test
    void aContactIsReachedByPhoneOrBleep() {
        RequesterContactSet ward = RequesterContact.checked("rj122", "Ward 7 nurses' station", null, " 4412 ", null);
        assertThat(ward.requesterOds()).isEqualTo("RJ122");
        assertThat(ward.bleep()).isEqualTo("4412");
        assertThat(ward.phone()).isNull();
        assertThat(RequesterContact.checked("G85001", "Duty doctor", "+44 20 7188 7188", null, null).phone()).isEqualTo("+44 20 7188 7188");
        assertThat(RequesterContact.checked("G85001", "Duty doctor", "01632 960001 ext 214", null, null).phone()).isEqualTo("01632 960001 ext 214");
        assertThatThrownBy(() -> RequesterContact.checked("G85001", "Duty doctor", "", "", null))
                .isInstanceOf(LabRuleViolation.class).hasMessage("Give a phone number or a bleep to reach them");
    }

    @Test
    void theRequesterSettingIsKeptBesideTheContactAndMayBeUnrecorded() {
        assertThat(RequesterContact.checked("G85001", "Duty doctor", "020 7188 7188", null, RequesterSetting.GP).setting())
                .isEqualTo(RequesterSetting.GP);
        assertThat(RequesterContact.checked("RJ122", "Resus", null, "4412", null).setting()).isNull();
        // A contact set before settings were kept reads back from the log with none, not as a refusal.
        RequesterContactSet old = JsonMapper.builder().build().readValue(
                "{\"requesterOds\":\"G85001\",\"name\":\"Duty doctor\",\"phone\":\"020 7188 7188\",\"bleep\":null}",
                RequesterContactSet.class);
        assertThat(old.setting()).isNull();
        assertThat(old.name()).isEqualTo("Duty doctor");
    }

    @Test
    void numbersAreDigitsAsDialled() {
        assertThatThrownBy(() -> RequesterContact.checked("G85001", "Duty doctor", "call reception", null, null))
                .isInstanceOf(LabRuleViolation.class).extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("invalid-phone");
        assertThatThrownBy(() -> RequesterContact.checked("G85001", "Duty doctor", null, "44 12", null))
                .isInstanceOf(LabRuleViolation.class).extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("invalid-bleep");
        assertThatThrownBy(() -> RequesterContact.checked("not an ods", "Duty doctor", null, "4412", null))
                .isInstanceOf(LabRuleViolation.class).extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("invalid-ods-code");
    }
}
