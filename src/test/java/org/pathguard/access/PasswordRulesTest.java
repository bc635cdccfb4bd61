package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.LabRuleViolation;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deny-list and its disguises, each refusal saying why (NCSC: deny-list common passwords, no composition rules). */
class PasswordRulesTest {

    private final PasswordRules rules = PasswordRules.builtIn();

    private String why(String password) {
        return rules.refusal("j.smith", password).orElse(null);
    }

    @Test
    void theIssuesRepeatedWordIsRefusedAndSaysItRepeats() {
        assertThat(why("passwordpassword")).contains("repeats").contains("password");
        assertThat(why("abcabcabcabc")).contains("repeats \"abc\"");
        assertThat(why("aaaaaaaaaaaaaa")).contains("repeats");
    }

    @Test
    void commonPasswordsAndTheirUsualDisguisesAreRefused() {
        assertThat(why("qwertyuiop123")).isNotNull();
        assertThat(why("Password2024!")).contains("common one").contains("\"password\"");
        assertThat(why("P@ssw0rd12345")).contains("common");
        assertThat(why("Liverpool1234")).contains("common");
        assertThat(why("123456789012")).contains("most commonly used");
        assertThat(why("Pathology2025")).as("the lab's own words").contains("common");
        assertThat(why("letmein123456")).contains("common");
    }

    @Test
    void keyboardWalksAndRunsAreRefused() {
        assertThat(why("qwertyasdfgh")).contains("keyboard pattern");
        assertThat(why("1qaz2wsx3edc4rfv")).isNotNull();
        assertThat(why("zyxwvutsrqpo")).contains("keyboard pattern");
    }

    @Test
    void lengthAndUsernameAreChecked() {
        assertThat(why("short words")).contains("at least 12 characters");
        assertThat(why("x".repeat(129))).contains("at most 128");
        assertThat(why("my name is j.smith ok")).contains("username");
    }

    @Test
    void aPassphraseOfUnrelatedWordsIsAccepted() {
        assertThat(why("correct horse battery staple")).isNull();
        assertThat(why("kettle violin Tuesday marsh")).isNull();
        assertThat(why("haemolysed sample at 3am rota")).isNull();
    }

    @Test
    void aDeploymentsFullerListIsAddedToTheBuiltInOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path breached = dir.resolve("breached.txt");
        Files.writeString(breached, "# a breach corpus\nkettleviolintuesday\n");
        PasswordRules fuller = PasswordRules.withDenyList(breached);
        assertThat(fuller.refusal("j.smith", "kettle violin tuesday")).isPresent();
        assertThat(fuller.refusal("j.smith", "passwordpassword")).as("the built-in list still applies").isPresent();
        assertThatThrownBy(() -> fuller.check("j.smith", "kettleviolintuesday")).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("most commonly used");
    }
}
