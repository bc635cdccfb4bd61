package org.pathguard.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.HmacParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.SignatureConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's keys: an AEAD keyset for fields and event payloads, a MAC keyset for blind indexes and
 * an Ed25519 keyset that signs checkpoints and backup manifests. Each is stored in the key
 * directory encrypted under the master key, never in the database or a backup.
 */
public final class Keyring {

    private static final byte[] KEYSET_AD = "pathguard-keyset".getBytes(StandardCharsets.UTF_8);
    static final String DATA = "data-aead.json";
    static final String INDEX = "blind-index-mac.json";
    static final String SIGNING = "checkpoint-signing.json";
    static final String PUBLIC = "checkpoint-public.json";

    private final Map<String, KeysetHandle> keysets;

    private Keyring(Map<String, KeysetHandle> keysets) {
        this.keysets = keysets;
    }

    /** Opens the keys in {@code settings.keyDir()}, creating them on first use. */
    public static Keyring open(KeyStoreSettings settings) {
        try {
            register();
            Aead master = MasterKey.open(settings);
            Map<String, KeysetHandle> keysets = new LinkedHashMap<>();
            keysets.put(DATA, loadOrCreate(settings.keyDir().resolve(DATA), master, PredefinedAeadParameters.AES256_GCM));
            keysets.put(INDEX, loadOrCreate(settings.keyDir().resolve(INDEX), master,
                    HmacParameters.builder().setKeySizeBytes(32).setTagSizeBytes(32)
                            .setHashType(HmacParameters.HashType.SHA256)
                            .setVariant(HmacParameters.Variant.NO_PREFIX).build()));
            // Raw signatures (no Tink prefix), as the signed-note format expects.
            keysets.put(SIGNING, loadOrCreate(settings.keyDir().resolve(SIGNING), master,
                    Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX)));
            Keyring keyring = new Keyring(keysets);
            keyring.writePublicKey(settings.keyDir().resolve(PUBLIC));
            return keyring;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open the keys in " + settings.keyDir()
                    + ": the master key does not match the stored keysets, or a keyset is damaged", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the keys in " + settings.keyDir(), e);
        }
    }

    static void register() throws GeneralSecurityException {
        AeadConfig.register();
        MacConfig.register();
        SignatureConfig.register();
    }

    private static KeysetHandle loadOrCreate(Path file, Aead master, Parameters parameters)
            throws GeneralSecurityException, IOException {
        if (!Files.exists(file)) {
            store(file, KeysetHandle.generateNew(parameters, RegistryConfiguration.get()), master);
        }
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(Files.readString(file), master, KEYSET_AD, RegistryConfiguration.get());
    }

    static void store(Path file, KeysetHandle keyset, Aead master) throws GeneralSecurityException, IOException {
        MasterKey.writeSecret(file, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, master, KEYSET_AD, RegistryConfiguration.get()));
    }

    /** The public checkpoint key beside the keys, for operators to hand to witnesses and auditors. */
    private void writePublicKey(Path file) throws GeneralSecurityException, IOException {
        String json = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(checkpointPublicKeyset());
        if (!Files.exists(file) || !Files.readString(file).equals(json)) {
            Files.writeString(file, json);
        }
    }

    public FieldCipher fieldCipher() {
        return new FieldCipher(primitive(DATA, Aead.class));
    }

    public BlindIndex blindIndex() {
        return new BlindIndex(primitive(INDEX, Mac.class));
    }

    public PublicKeySign checkpointSigner() {
        return primitive(SIGNING, PublicKeySign.class);
    }

    public KeysetHandle checkpointPublicKeyset() {
        try {
            return keysets.get(SIGNING).getPublicKeysetHandle();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every keyset in clear, for {@link KeyEscrow} to wrap at once; never stored as it is. */
    Map<String, String> cleartextKeysets() {
        Map<String, String> clear = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, KeysetHandle> keyset : keysets.entrySet()) {
                clear.put(keyset.getKey(), TinkJsonProtoKeysetFormat.serializeKeyset(keyset.getValue(),
                        RegistryConfiguration.get(), InsecureSecretKeyAccess.get()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return clear;
    }

    private <P> P primitive(String keyset, Class<P> type) {
        try {
            return keysets.get(keyset).getPrimitive(RegistryConfiguration.get(), type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The " + keyset + " keyset cannot make a " + type.getSimpleName(), e);
        }
    }
}
