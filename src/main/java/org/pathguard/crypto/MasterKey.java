package org.pathguard.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** The key-encryption key that wraps the data keysets; it never sits in the database. */
final class MasterKey {

    private static final int PBKDF2_ITERATIONS = 600_000;

    private MasterKey() {
    }

    static Aead open(KeyStoreSettings settings) throws GeneralSecurityException, IOException {
        if (settings.kmsKeyUri() != null && !settings.kmsKeyUri().isBlank()) {
            // Production: the KMS holds the master key; a Tink KMS client (e.g. tink-awskms,
            // tink-gcpkms) registered with KmsClients resolves the URI.
            try {
                return KmsClients.get(settings.kmsKeyUri()).getAead(settings.kmsKeyUri());
            } catch (GeneralSecurityException noClient) {
                throw new IllegalStateException("No Tink KMS client is registered for " + settings.kmsKeyUri()
                        + "; this build bundles none yet (docs/adr/0003-master-key-sources.md). Use the key file or"
                        + " PATHGUARD_MASTER_PASSPHRASE until one is added.", noClient);
            }
        }
        if (settings.passphrase() != null && settings.passphrase().length > 0) {
            return fromPassphrase(settings.passphrase(), salt(settings.keyDir().resolve("master-key.salt")));
        }
        return fromFile(settings.masterKeyFile());
    }

    private static Aead fromFile(Path file) throws GeneralSecurityException, IOException {
        if (!Files.exists(file)) {
            return newKeyFile(file);
        }
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /** A new random master key written to {@code file} (owner-only). */
    static Aead newKeyFile(Path file) throws GeneralSecurityException, IOException {
        KeysetHandle fresh = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
        writeSecret(file, TinkJsonProtoKeysetFormat.serializeKeyset(fresh, RegistryConfiguration.get(), InsecureSecretKeyAccess.get()));
        return fresh.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    static Aead fromPassphrase(char[] passphrase, byte[] salt) throws GeneralSecurityException {
        byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(passphrase, salt, PBKDF2_ITERATIONS, 256)).getEncoded();
        AesGcmParameters parameters = AesGcmParameters.builder()
                .setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get())).build();
        KeysetHandle handle = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(key).withFixedId(1).makePrimary()).build();
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    private static byte[] salt(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : newSalt(file);
    }

    static byte[] newSalt(Path file) throws IOException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.createDirectories(file.getParent());
        Files.write(file, salt);
        return salt;
    }

    static void writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their default permissions.
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
