package org.pathguard.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The public half of a lab's Ed25519 checkpoint key: all anyone needs to check its checkpoints,
 * proofs and backup manifests offline. Stored as a Tink public keyset (JSON).
 */
public final class CheckpointKey {

    // signed-note's algorithm byte for Ed25519.
    private static final byte ED25519 = 1;

    private final KeysetHandle publicKeyset;
    private final byte[] publicKey;
    private final PublicKeyVerify verifier;

    private CheckpointKey(KeysetHandle publicKeyset) throws GeneralSecurityException {
        if (!(publicKeyset.getPrimary().getKey() instanceof Ed25519PublicKey ed25519)) {
            throw new GeneralSecurityException("A checkpoint key must be an Ed25519 public key");
        }
        this.publicKeyset = publicKeyset;
        this.publicKey = ed25519.getPublicKeyBytes().toByteArray();
        this.verifier = publicKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
    }

    public static CheckpointKey of(KeysetHandle publicKeyset) {
        try {
            SignatureConfig.register();
            return new CheckpointKey(publicKeyset);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 checkpoint public key: " + e.getMessage(), e);
        }
    }

    /** Reads a public keyset as {@link #toJson()} wrote it; refuses a keyset holding a private key. */
    public static CheckpointKey fromJson(String json) {
        try {
            SignatureConfig.register();
            return new CheckpointKey(TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(json));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a checkpoint public key (a Tink public keyset in JSON): " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicKeyset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** signed-note key id: the first four bytes of SHA-256(name || '\n' || 0x01 || public key). */
    byte[] keyId(String keyName) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(keyName.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(ED25519);
            return Arrays.copyOf(sha.digest(publicKey), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean verifies(byte[] body, byte[] signature) {
        try {
            verifier.verify(signature, body);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 of the public key, for comparing keys by eye in a ceremony or a log. */
    public String fingerprint() {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
