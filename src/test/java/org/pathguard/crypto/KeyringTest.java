package org.pathguard.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyringTest {

    static final byte[] NAME = "Ada Lovelace".getBytes(StandardCharsets.UTF_8);

    @Test
    void keysCreatedOnFirstUseOpenAgainAndStayOwnerOnly(@TempDir Path dir) throws Exception {
        byte[] sealed = Keyring.open(new KeyStoreSettings(dir, null, null)).fieldCipher().seal(NAME, "patient.demographics:1");
        Keyring reopened = Keyring.open(new KeyStoreSettings(dir, null, null));
        assertThat(reopened.fieldCipher().open(sealed, "patient.demographics:1")).isEqualTo(NAME);
        for (String file : new String[]{"master-key.json", "data-aead.json", "blind-index-mac.json"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)))).isEqualTo("rw-------");
        }
        // The data keysets are stored encrypted: no raw key material in clear.
        assertThat(Files.readString(dir.resolve("data-aead.json"))).contains("encryptedKeyset").doesNotContain("\"value\"");
    }

    @Test
    void aCiphertextMovedToAnotherRowOrColumnDoesNotOpen(@TempDir Path dir) {
        FieldCipher cipher = Keyring.open(new KeyStoreSettings(dir, null, null)).fieldCipher();
        byte[] sealed = cipher.seal(NAME, FieldCipher.field("patient", "demographics", 1));
        assertThatThrownBy(() -> cipher.open(sealed, FieldCipher.field("patient", "demographics", 2)))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThatThrownBy(() -> cipher.open(sealed, FieldCipher.field("lab_order", "clinical_details", 1)))
                .isInstanceOf(TamperedCiphertextException.class);
    }

    @Test
    void passphraseUnlocksTheSameKeysAndAWrongOneIsRefused(@TempDir Path dir) {
        char[] passphrase = "correct horse battery staple".toCharArray();
        byte[] sealed = Keyring.open(new KeyStoreSettings(dir, null, passphrase)).fieldCipher().seal(NAME, "x");
        assertThat(Files.exists(dir.resolve("master-key.json"))).isFalse();
        assertThat(Keyring.open(new KeyStoreSettings(dir, null, passphrase)).fieldCipher().open(sealed, "x")).isEqualTo(NAME);
        assertThatThrownBy(() -> Keyring.open(new KeyStoreSettings(dir, null, "wrong horse".toCharArray())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("master key does not match");
    }

    @Test
    void aKmsUriWithoutAClientIsRefusedClearlyAndWritesNothing(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Keyring.open(new KeyStoreSettings(dir, "aws-kms://arn:aws:kms:eu-west-2:111122223333:key/pg", null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No Tink KMS client is registered");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void blindIndexIsDeterministicKeyedAndSeparatesKinds(@TempDir Path a, @TempDir Path b) {
        BlindIndex index = Keyring.open(new KeyStoreSettings(a, null, null)).blindIndex();
        BlindIndex otherKeys = Keyring.open(new KeyStoreSettings(b, null, null)).blindIndex();
        assertThat(index.of("nhs-number", "9434765919")).isEqualTo(index.of("nhs-number", "9434765919"))
                .hasSize(32)
                .isNotEqualTo(index.of("hospital-number", "9434765919"))
                .isNotEqualTo(otherKeys.of("nhs-number", "9434765919"));
    }
}
