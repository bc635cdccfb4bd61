package org.pathguard.crypto;

import com.google.crypto.tink.Aead;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Encrypts values before they reach the database. The associated data names the place the
 * ciphertext belongs (for fields: table, column and row; for events: sequence, stream and type),
 * so a ciphertext copied to another row or column fails to decrypt.
 */
public final class FieldCipher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Aead aead;

    FieldCipher(Aead aead) {
        this.aead = aead;
    }

    public byte[] seal(byte[] plaintext, String boundTo) {
        try {
            return aead.encrypt(plaintext, boundTo.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public byte[] open(byte[] ciphertext, String boundTo) {
        try {
            return aead.decrypt(ciphertext, boundTo.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new TamperedCiphertextException(boundTo);
        }
    }

    public byte[] sealJson(Record value, String boundTo) {
        return seal(JSON.writeValueAsBytes(value), boundTo);
    }

    public <T> T openJson(byte[] ciphertext, String boundTo, Class<T> type) {
        return JSON.readValue(open(ciphertext, boundTo), type);
    }

    /** Associated data for a projection column: binds a ciphertext to its table, column and row. */
    public static String field(String table, String column, Object rowId) {
        return table + "." + column + ":" + rowId;
    }
}
