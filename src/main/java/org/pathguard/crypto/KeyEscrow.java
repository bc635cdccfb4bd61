package org.pathguard.crypto;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import org.pathguard.writeonce.WriteOnceStore;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Properties;

/**
 * Key escrow for recovery: the lab's keysets wrapped (HPKE, X25519 + AES-256-GCM) to a recovery
 * public key whose private half is kept offline. The escrow is stored apart from the backups; a
 * backup without the escrow and the offline recovery key is ciphertext and nothing more.
 */
public final class KeyEscrow {

    private static final byte[] CONTEXT = "pathguard-key-escrow-v1".getBytes(StandardCharsets.UTF_8);
    private static final String FOLDER = "escrow/";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private KeyEscrow() {
    }

    /** A recovery key pair: the public half goes to servers, the private half offline (docs/recovery.md). */
    public record RecoveryKey(String publicKeyset, String privateKeyset) {
    }

    public static RecoveryKey newRecoveryKey() {
        try {
            HybridConfig.register();
            KeysetHandle pair = KeysetHandle.generateNew(HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX).build(), RegistryConfiguration.get());
            return new RecoveryKey(TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(pair.getPublicKeysetHandle()),
                    TinkJsonProtoKeysetFormat.serializeKeyset(pair, RegistryConfiguration.get(), InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of the keys that changes only when they do (a digest of high-entropy keys reveals nothing). */
    private static String digest(Keyring keyring) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            keyring.cleartextKeysets().forEach((name, json) -> sha.update((name + json).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Escrows these keys in {@code escrow} unless an escrow of exactly these keys is there already; returns its name.
     * Every rotation changes the keys, so each gets an escrow of its own, named by when it was made so the newest sorts
     * last ("escrow/v2-..." also sorts after the "escrow/keys-..." names earlier versions gave, which were in no order).
     * The newest holds every key the older ones did, since rotations keep old keys.
     */
    public static String escrow(WriteOnceStore escrow, Keyring keyring, String recoveryPublicKeyset, Instant now) {
        String digest = digest(keyring);
        for (String existing : escrow.list(FOLDER)) {
            if (existing.endsWith("-" + digest + ".escrow")) {
                return existing;
            }
        }
        String name = FOLDER + "v2-" + STAMP.format(now) + "-" + digest + ".escrow";
        escrow.putOnce(name, wrap(keyring, recoveryPublicKeyset));
        return name;
    }

    /** The escrow a recovery should unwrap: the newest, holding every key the lab has had. */
    public static Optional<String> newest(WriteOnceStore escrow) {
        List<String> names = escrow.list(FOLDER);
        return names.isEmpty() ? Optional.empty() : Optional.of(names.getLast());
    }

    public static byte[] wrap(Keyring keyring, String recoveryPublicKeyset) {
        try {
            HybridConfig.register();
            HybridEncrypt encrypt = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(recoveryPublicKeyset)
                    .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
            Properties keysets = new Properties();
            keysets.putAll(keyring.cleartextKeysets());
            StringWriter text = new StringWriter();
            keysets.store(text, null);
            return encrypt.encrypt(text.toString().getBytes(StandardCharsets.UTF_8), CONTEXT);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a recovery public key (a Tink HPKE public keyset in JSON): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Unwraps an escrow with the offline recovery key and stores the keysets in a new key
     * directory, encrypted under that directory's own master key; then the keyring opens as usual.
     */
    public static void unwrapInto(byte[] escrow, String recoveryPrivateKeyset, KeyStoreSettings target) {
        Properties keysets = new Properties();
        try {
            HybridConfig.register();
            HybridDecrypt decrypt = TinkJsonProtoKeysetFormat.parseKeyset(recoveryPrivateKeyset, RegistryConfiguration.get(),
                    InsecureSecretKeyAccess.get()).getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
            keysets.load(new StringReader(new String(decrypt.decrypt(escrow, CONTEXT), StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The key escrow does not open with this recovery key: it is the wrong key,"
                    + " or the escrow was changed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Keyring.register();
            AeadConfig.register();
            for (String name : new String[]{Keyring.DATA, Keyring.INDEX, Keyring.SIGNING}) {
                if (Files.exists(target.keyDir().resolve(name))) {
                    throw new IllegalStateException("The key directory " + target.keyDir() + " already holds keys;"
                            + " recover into an empty key directory");
                }
            }
            var master = MasterKey.open(target);
            for (Map.Entry<Object, Object> keyset : keysets.entrySet()) {
                Keyring.store(target.keyDir().resolve(Path.of((String) keyset.getKey()).getFileName()),
                        TinkJsonProtoKeysetFormat.parseKeyset((String) keyset.getValue(), RegistryConfiguration.get(),
                                InsecureSecretKeyAccess.get()), master);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The escrowed keysets cannot be stored under the new master key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the recovered keys to " + target.keyDir(), e);
        }
    }
}
