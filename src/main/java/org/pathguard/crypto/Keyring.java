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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The three keysets a lab rotates. Data keys carry Tink's prefix, so a ciphertext names the key that sealed
     * it and old ones still open after a rotation; index and checkpoint keys are raw (a blind index must be one
     * fixed MAC of the value, and signed notes expect bare Ed25519 signatures).
     */
    public enum Kind {
        DATA(Keyring.DATA, PredefinedAeadParameters.AES256_GCM),
        INDEX(Keyring.INDEX, indexParameters()),
        CHECKPOINT(Keyring.SIGNING, Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));

        private final String file;
        private final Parameters parameters;

        Kind(String file, Parameters parameters) {
            this.file = file;
            this.parameters = parameters;
        }

        public String file() {
            return file;
        }

        private static Parameters indexParameters() {
            try {
                return HmacParameters.builder().setKeySizeBytes(32).setTagSizeBytes(32)
                        .setHashType(HmacParameters.HashType.SHA256).setVariant(HmacParameters.Variant.NO_PREFIX).build();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What a keyset holds, without its key material: the primary key's id (as Tink numbers it) and how many keys. */
    public record KeysetSummary(Kind kind, String primaryKeyId, int keys) {
    }

    private final Map<String, KeysetHandle> keysets;

    private Keyring(Map<String, KeysetHandle> keysets) {
        this.keysets = keysets;
    }

    /** Opens the keys in {@code settings.keyDir()}, creating them on first use. */
    public static Keyring open(KeyStoreSettings settings) {
        try {
            register();
            MasterRewrap.finishIfCommitted(settings);
            Aead master = MasterKey.open(settings);
            Map<String, KeysetHandle> keysets = new LinkedHashMap<>();
            for (Kind kind : Kind.values()) {
                keysets.put(kind.file, loadOrCreate(settings.keyDir().resolve(kind.file), master, kind.parameters));
            }
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
        return load(file, master);
    }

    static void store(Path file, KeysetHandle keyset, Aead master) throws GeneralSecurityException, IOException {
        MasterKey.writeSecret(file, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, master, KEYSET_AD, RegistryConfiguration.get()));
    }

    static KeysetHandle load(Path file, Aead master) throws GeneralSecurityException, IOException {
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(Files.readString(file), master, KEYSET_AD, RegistryConfiguration.get());
    }

    /**
     * Adds a new key to one keyset and makes it primary, keeping every older key: data keys still open what they
     * sealed (the event log is never re-encrypted, and backups hold events under them), old checkpoint public keys
     * still check old checkpoints and manifests, and an older backup's blind indexes were made with the old index
     * key. The keyset file is replaced whole (written beside it, then moved over it), so a crash leaves the old
     * keyset or the new one, never half of either. Run with the server stopped: a running server keeps the keys it
     * opened. Returns the new key's id.
     */
    public static String rotate(KeyStoreSettings settings, Kind kind) {
        Path file = settings.keyDir().resolve(kind.file);
        if (!Files.exists(file)) {
            throw new IllegalStateException("The key directory " + settings.keyDir() + " holds no " + kind.file
                    + ": there is nothing to rotate (is --key-dir right?)");
        }
        try {
            register();
            MasterRewrap.finishIfCommitted(settings);
            Aead master = MasterKey.open(settings);
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(load(file, master))
                    .addEntry(KeysetHandle.generateEntryFromParameters(kind.parameters).withRandomId());
            builder.getAt(builder.size() - 1).makePrimary();
            KeysetHandle rotated = builder.build();
            store(file, rotated, master);
            return keyId(rotated.getPrimary().getId());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot rotate " + kind.file + ": the master key does not match the stored keysets,"
                    + " or the keyset is damaged", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate the keys in " + settings.keyDir(), e);
        }
    }

    private static String keyId(int tinkId) {
        return HexFormat.of().toHexDigits(tinkId);
    }

    /**
     * The ids of one keyset's keys, oldest first, the primary last: a rotation adds its key at the end and makes it
     * primary, so what a restore compares with the key a snapshot was made under.
     */
    public List<String> keyIds(Kind kind) {
        KeysetHandle keyset = keysets.get(kind.file);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < keyset.size(); i++) {
            ids.add(keyId(keyset.getAt(i).getId()));
        }
        return ids;
    }

    /** Each keyset's primary key id and size, for the operator and the posture probe; never key material. */
    public List<KeysetSummary> summaries() {
        List<KeysetSummary> summaries = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            KeysetHandle keyset = keysets.get(kind.file);
            summaries.add(new KeysetSummary(kind, keyId(keyset.getPrimary().getId()), keyset.size()));
        }
        return summaries;
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
        KeysetHandle keyset = keysets.get(INDEX);
        List<Mac> everyKey = new ArrayList<>();
        everyKey.add(primitive(INDEX, Mac.class));
        try {
            // Oldest first in the keyset: walk back from the newest, leaving out the primary already added.
            for (int i = keyset.size() - 1; i >= 0; i--) {
                if (!keyset.getAt(i).isPrimary()) {
                    everyKey.add(KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(keyset.getAt(i).getKey())
                            .withRandomId().makePrimary()).build().getPrimitive(RegistryConfiguration.get(), Mac.class));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("An earlier blind-index key cannot make a Mac", e);
        }
        return new BlindIndex(primitive(INDEX, Mac.class), everyKey);
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
