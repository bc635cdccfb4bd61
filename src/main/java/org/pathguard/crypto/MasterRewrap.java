package org.pathguard.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;

/**
 * A new master key for the lab's keysets: each keyset is decrypted under the old master key and stored again under the
 * new one. The keysets themselves do not change, so nothing sealed under them needs touching.
 *
 * <p>Three steps, so that a crash at any point leaves a key directory that opens: (1) the new master key and every
 * rewrapped keyset are written beside the old ones as {@code *.next}, and each is opened again to prove it; (2) a
 * commit marker is written (one atomic rename); (3) each {@code *.next} replaces its old file and the marker goes.
 * Before the marker the old files are untouched and {@code *.next} are ignored (the next rotation discards them); after
 * it, whoever opens the keys next (the rotation itself, or {@link Keyring#open}) finishes step 3 first.
 */
public final class MasterRewrap {

    static final String COMMIT = "master-rewrap.commit";
    private static final String NEXT = ".next";
    private static final String[] KEYSETS = {Keyring.DATA, Keyring.INDEX, Keyring.SIGNING};
    private static final String MASTER_FILE = "master-key.json";
    private static final String MASTER_SALT = "master-key.salt";

    /** Where the new master key comes from. */
    public enum Target {
        /** A new random key file in the key directory. */
        KEY_FILE,
        /** A passphrase the operator holds (with a new salt); no master key file is left in the key directory. */
        PASSPHRASE
    }

    private MasterRewrap() {
    }

    /**
     * Rewraps every keyset in {@code current.keyDir()} under a new master key: a new key file when
     * {@code newPassphrase} is empty, else that passphrase. After it, the server opens the keys with the new source
     * (PATHGUARD_MASTER_PASSPHRASE set to the new passphrase, or unset for a key file).
     */
    public static Target rewrap(KeyStoreSettings current, char[] newPassphrase) {
        if (current.kmsKeyUri() != null && !current.kmsKeyUri().isBlank()) {
            throw new IllegalStateException("The master key is held by a KMS: rotate it there (the KMS keeps old versions for"
                    + " decryption); this build bundles no KMS client to rewrap with (docs/adr/0049-key-rotation.md)");
        }
        Path keyDir = current.keyDir();
        Target target = newPassphrase == null || newPassphrase.length == 0 ? Target.KEY_FILE : Target.PASSPHRASE;
        try {
            Keyring.register();
            finishIfCommitted(current);
            for (String name : KEYSETS) {
                if (!Files.exists(keyDir.resolve(name))) {
                    throw new IllegalStateException("The key directory " + keyDir + " holds no " + name + ": there is nothing to rewrap");
                }
            }
            Aead old = MasterKey.open(current);
            stage(keyDir, old, target == Target.KEY_FILE ? MasterKey.newKeyFile(next(keyDir, MASTER_FILE))
                    : MasterKey.fromPassphrase(newPassphrase, MasterKey.newSalt(next(keyDir, MASTER_SALT))));
            // Every staged file and the directory are forced to the disk (writeSecret) before the marker says to use them.
            MasterKey.writeSecret(keyDir.resolve(COMMIT), target.name());
            finishIfCommitted(target == Target.KEY_FILE ? new KeyStoreSettings(keyDir, null, null)
                    : new KeyStoreSettings(keyDir, null, newPassphrase));
            return target;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot rewrap the keys in " + keyDir + ": the current master key does not open them", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrap the keys in " + keyDir + "; the old keys are still in use", e);
        }
    }

    /** Step 1: every keyset stored again under {@code next} as {@code *.next}, each read back to prove it opens. */
    static void stage(Path keyDir, Aead old, Aead next) throws GeneralSecurityException, IOException {
        for (String name : KEYSETS) {
            KeysetHandle keyset = Keyring.load(keyDir.resolve(name), old);
            Keyring.store(next(keyDir, name), keyset, next);
            if (!Keyring.load(next(keyDir, name), next).equalsKeyset(keyset)) {
                throw new GeneralSecurityException("The rewrapped " + name + " does not read back as the same keyset");
            }
        }
    }

    /**
     * Step 3 of a committed rewrap (idempotent); discards an uncommitted one's leftovers. {@code settings} name the new
     * master key (the passphrase the server now starts with; a key file is read from the directory). Before moving
     * anything, every keyset as it will be is opened under the new master key: a staged file damaged since it was
     * proved (a power loss, a disk) is refused with the old files untouched, instead of being moved over a good one.
     */
    static void finishIfCommitted(KeyStoreSettings settings) throws IOException {
        Path keyDir = settings.keyDir();
        Path commit = keyDir.resolve(COMMIT);
        if (!Files.exists(commit)) {
            for (String name : new String[]{Keyring.DATA, Keyring.INDEX, Keyring.SIGNING, MASTER_FILE, MASTER_SALT}) {
                Files.deleteIfExists(next(keyDir, name));
            }
            return;
        }
        Target target = Target.valueOf(Files.readString(commit).strip());
        proveEveryKeysetOpens(settings, target);
        for (String name : KEYSETS) {
            moveIfStaged(keyDir, name);
        }
        if (target == Target.KEY_FILE) {
            moveIfStaged(keyDir, MASTER_FILE);
            Files.deleteIfExists(keyDir.resolve(MASTER_SALT));
        } else {
            moveIfStaged(keyDir, MASTER_SALT);
            // A key file left beside the keys would unlock nothing now, but it is not what the operator chose.
            Files.deleteIfExists(keyDir.resolve(MASTER_FILE));
        }
        MasterKey.syncDirectory(keyDir);
        Files.delete(commit);
        MasterKey.syncDirectory(keyDir);
    }

    private static void proveEveryKeysetOpens(KeyStoreSettings settings, Target target) {
        Path keyDir = settings.keyDir();
        String opening = target == Target.KEY_FILE ? MASTER_FILE : MASTER_SALT;
        try {
            Keyring.register();
            Aead master;
            if (target == Target.KEY_FILE) {
                master = MasterKey.readKeyFile(staged(keyDir, MASTER_FILE));
            } else if (settings.passphrase() == null || settings.passphrase().length == 0) {
                throw new GeneralSecurityException("no passphrase was given");
            } else {
                master = MasterKey.fromPassphrase(settings.passphrase(), Files.readAllBytes(staged(keyDir, MASTER_SALT)));
            }
            for (String name : KEYSETS) {
                opening = staged(keyDir, name).getFileName().toString();
                Keyring.load(staged(keyDir, name), master);
            }
        } catch (GeneralSecurityException | IOException | RuntimeException damaged) {
            boolean nothingMoved = Files.exists(next(keyDir, target == Target.KEY_FILE ? MASTER_FILE : MASTER_SALT))
                    && java.util.Arrays.stream(KEYSETS).allMatch(name -> Files.exists(next(keyDir, name)));
            throw new IllegalStateException("The key directory " + keyDir + " holds a committed master key rotation ("
                    + COMMIT + "), but " + opening + " does not open under the new master key (" + damaged.getMessage() + ")"
                    + (target == Target.PASSPHRASE ? "; is PATHGUARD_MASTER_PASSPHRASE the new passphrase?" : "")
                    + ". Nothing was moved. " + (nothingMoved
                    ? "The old keys are untouched: to go on with them, delete " + COMMIT + " and every *.next file in "
                    + keyDir + ", then rotate the master key again"
                    : "Some keysets are already stored under the new master key: restore the key directory from the key"
                    + " escrow (docs/recovery.md)"), damaged);
        }
    }

    /** The file a keyset (or master key) will be once the rewrap is finished: its staged file if still there. */
    private static Path staged(Path keyDir, String name) {
        return Files.exists(next(keyDir, name)) ? next(keyDir, name) : keyDir.resolve(name);
    }

    private static void moveIfStaged(Path keyDir, String name) throws IOException {
        if (Files.exists(next(keyDir, name))) {
            Files.move(next(keyDir, name), keyDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static Path next(Path keyDir, String name) {
        return keyDir.resolve(name + NEXT);
    }
}
