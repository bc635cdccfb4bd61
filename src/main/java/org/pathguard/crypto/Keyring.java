package org.pathguard.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.HmacParameters;
import com.google.crypto.tink.mac.MacConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The data keys: an AEAD keyset for fields and event payloads, and a MAC keyset for blind indexes.
 * Each is stored in the key directory encrypted under the master key, never in the database.
 */
public final class Keyring {

    private static final byte[] KEYSET_AD = "pathguard-keyset".getBytes(StandardCharsets.UTF_8);

    private final Aead dataAead;
    private final Mac indexMac;

    private Keyring(Aead dataAead, Mac indexMac) {
        this.dataAead = dataAead;
        this.indexMac = indexMac;
    }

    /** Opens the keys in {@code settings.keyDir()}, creating them on first use. */
    public static Keyring open(KeyStoreSettings settings) {
        try {
            AeadConfig.register();
            MacConfig.register();
            Aead master = MasterKey.open(settings);
            KeysetHandle data = loadOrCreate(settings.keyDir().resolve("data-aead.json"), master,
                    PredefinedAeadParameters.AES256_GCM);
            KeysetHandle index = loadOrCreate(settings.keyDir().resolve("blind-index-mac.json"), master,
                    HmacParameters.builder().setKeySizeBytes(32).setTagSizeBytes(32)
                            .setHashType(HmacParameters.HashType.SHA256)
                            .setVariant(HmacParameters.Variant.NO_PREFIX).build());
            return new Keyring(data.getPrimitive(RegistryConfiguration.get(), Aead.class),
                    index.getPrimitive(RegistryConfiguration.get(), Mac.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open the keys in " + settings.keyDir()
                    + ": the master key does not match the stored keysets, or a keyset is damaged", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the keys in " + settings.keyDir(), e);
        }
    }

    private static KeysetHandle loadOrCreate(Path file, Aead master, Parameters parameters)
            throws GeneralSecurityException, IOException {
        if (!Files.exists(file)) {
            KeysetHandle fresh = KeysetHandle.generateNew(parameters, RegistryConfiguration.get());
            MasterKey.writeSecret(file, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(fresh, master, KEYSET_AD, RegistryConfiguration.get()));
        }
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(Files.readString(file), master, KEYSET_AD, RegistryConfiguration.get());
    }

    public FieldCipher fieldCipher() {
        return new FieldCipher(dataAead);
    }

    public BlindIndex blindIndex() {
        return new BlindIndex(indexMac);
    }
}
