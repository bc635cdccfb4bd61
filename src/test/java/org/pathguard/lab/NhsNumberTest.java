package org.pathguard.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NhsNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"9434765919", "4010232137", "943 476 5919", "943-476-5919"})
    void acceptsNumbersWhoseCheckDigitMatches(String written) {
        NhsNumber nhs = NhsNumber.parse(written);
        assertThat(nhs.value()).hasSize(10).containsOnlyDigits();
        assertThat(nhs.isTestRange()).isFalse();
    }

    @Test
    void rejectsAWrongCheckDigit() {
        assertThatThrownBy(() -> NhsNumber.parse("9434765918"))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("check digit does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890", "1234567891", "1000000010"})
    void rejectsNumbersWhoseCheckDigitWouldBeTen(String digits) {
        assertThatThrownBy(() -> NhsNumber.parse(digits))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("check digit 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"943476591", "94347659190", "", "94347659A9"})
    void rejectsWrongLengthOrNonDigits(String digits) {
        assertThatThrownBy(() -> NhsNumber.parse(digits)).isInstanceOf(LabRuleViolation.class)
                .satisfies(e -> assertThat(((LabRuleViolation) e).code()).isEqualTo("invalid-nhs-number"));
    }

    @Test
    void marksTheNineNineNineRangeAsTestPatients() {
        assertThat(NhsNumber.parse("9990000018").isTestRange()).isTrue();
        assertThat(NhsNumber.parse("9999999999").isTestRange()).isTrue();
    }

    @Test
    void computesCheckDigitsAndRefusesPrefixesThatWouldNeedTen() {
        assertThat(NhsNumber.withCheckDigit("943476591")).contains(new NhsNumber("9434765919"));
        assertThat(NhsNumber.withCheckDigit("999123456")).isEmpty();
    }

    @Test
    void neverEchoesTheNumberInErrorsOrToString() {
        assertThatThrownBy(() -> NhsNumber.parse("9434765918")).hasMessageNotContaining("9434765918");
        assertThat(NhsNumber.parse("9434765919").toString()).doesNotContain("9434765919");
    }
}
