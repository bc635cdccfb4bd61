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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;

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
        return readKeyFile(file);
    }

    /** The master key in an existing key file. */
    static Aead readKeyFile(Path file) throws GeneralSecurityException, IOException {
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
        writeSecret(file, salt);
        return salt;
    }

    static void writeSecret(Path file, String content) throws IOException {
        writeSecret(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code content} to {@code file} whole and durably: into a new {@code .tmp} that is owner-only from the moment
     * it exists (made with those permissions, never chmodded after, so no other user can open it in between), forced to
     * the disk, moved over {@code file} and the directory forced too. A stale {@code .tmp}, or a link someone planted at
     * its name, is removed first and never followed: the new file is made with CREATE_NEW, which fails on anything there.
     * A master rewrap's commit marker is written after its files, so they must be on the disk before it is.
     */
    static void writeSecret(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel channel = posix()
                ? FileChannel.open(tmp, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(tmp, options)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
    }

    /** Forces a directory's entries (files made, moved or deleted in it) to the disk; POSIX systems only can. */
    static void syncDirectory(Path dir) throws IOException {
        if (posix()) {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    private static boolean posix() {
        // Non-POSIX file systems (Windows) keep their default permissions and cannot open a directory to force it.
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
