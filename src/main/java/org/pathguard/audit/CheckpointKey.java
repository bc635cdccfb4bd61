package org.pathguard.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.signature.SignatureConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The public half of a lab's Ed25519 checkpoint key: all anyone needs to check its checkpoints,
 * proofs and backup manifests offline. Stored as a Tink public keyset (JSON). After a rotation
 * the keyset also holds the earlier public keys: the primary signs from then on, and a signature
 * by any of them still checks, so checkpoints and manifests made before the rotation verify.
 */
public final class CheckpointKey {

    // signed-note's algorithm byte for Ed25519.
    private static final byte ED25519 = 1;

    private record Public(byte[] key, PublicKeyVerify verifier) {
    }

    private final KeysetHandle publicKeyset;
    private final byte[] publicKey;
    private final List<Public> keys = new ArrayList<>();

    private CheckpointKey(KeysetHandle publicKeyset) throws GeneralSecurityException {
        if (!(publicKeyset.getPrimary().getKey() instanceof Ed25519PublicKey ed25519)) {
            throw new GeneralSecurityException("A checkpoint key must be an Ed25519 public key");
        }
        this.publicKeyset = publicKeyset;
        this.publicKey = ed25519.getPublicKeyBytes().toByteArray();
        for (int i = 0; i < publicKeyset.size(); i++) {
            if (!(publicKeyset.getAt(i).getKey() instanceof Ed25519PublicKey each)) {
                throw new GeneralSecurityException("A checkpoint key must hold Ed25519 public keys only");
            }
            keys.add(new Public(each.getPublicKeyBytes().toByteArray(), Ed25519Verify.create(each)));
        }
    }

    /**
     * Every public key the given keys hold, with the first one's primary: what a backup repository that has seen the
     * lab's key before and after a rotation checks against.
     */
    public static CheckpointKey union(List<CheckpointKey> stored) {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder();
            List<byte[]> added = new ArrayList<>();
            for (CheckpointKey key : stored) {
                for (int i = 0; i < key.publicKeyset.size(); i++) {
                    Ed25519PublicKey each = (Ed25519PublicKey) key.publicKeyset.getAt(i).getKey();
                    byte[] bytes = each.getPublicKeyBytes().toByteArray();
                    if (added.stream().noneMatch(a -> Arrays.equals(a, bytes))) {
                        added.add(bytes);
                        builder.addEntry(KeysetHandle.importKey(each).withRandomId());
                    }
                }
            }
            builder.getAt(0).makePrimary();
            return of(builder.build());
        } catch (GeneralSecurityException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("No checkpoint public keys to join: " + e.getMessage(), e);
        }
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

    /** signed-note key id of the signing (primary) key. */
    byte[] keyId(String keyName) {
        return keyId(keyName, publicKey);
    }

    /** signed-note key id: the first four bytes of SHA-256(name || '\n' || 0x01 || public key). */
    private static byte[] keyId(String keyName, byte[] publicKey) {
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

    /** True when the key this note's signature line names (by its id) is one of these keys and it made the signature. */
    boolean verifies(String keyName, byte[] keyId, byte[] body, byte[] signature) {
        for (Public key : keys) {
            if (Arrays.equals(keyId(keyName, key.key()), keyId)) {
                try {
                    key.verifier().verify(signature, body);
                    return true;
                } catch (GeneralSecurityException e) {
                    // Another key of the same id (a 4-byte collision) may still have made it.
                }
            }
        }
        return false;
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
