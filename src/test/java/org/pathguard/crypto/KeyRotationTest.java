package org.pathguard.crypto;

import com.google.crypto.tink.Aead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.audit.CheckpointKey;
import org.pathguard.audit.SignedNote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rotating each keyset on the key directory alone: what changes, and that nothing sealed before becomes unreadable. */
class KeyRotationTest {

    private static final byte[] NAME = "Ada Lovelace".getBytes(StandardCharsets.UTF_8);
    private static final String ORIGIN = "pathguard/PGLAB/event-log";

    @Test
    void aNewDataKeySealsNewWritesAndTheOldCiphertextsStillOpen(@TempDir Path dir) {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        byte[] before = Keyring.open(settings).fieldCipher().seal(NAME, "patient.demographics:1");

        String newKey = Keyring.rotate(settings, Keyring.Kind.DATA);

        Keyring rotated = Keyring.open(settings);
        byte[] after = rotated.fieldCipher().seal(NAME, "patient.demographics:1");
        assertThat(rotated.fieldCipher().open(before, "patient.demographics:1")).isEqualTo(NAME);
        assertThat(rotated.fieldCipher().open(after, "patient.demographics:1")).isEqualTo(NAME);
        // Tink's prefix: version byte 1, then the key id that sealed it.
        assertThat(HexFormat.of().formatHex(after, 1, 5)).isEqualTo(newKey);
        assertThat(HexFormat.of().formatHex(before, 1, 5)).isNotEqualTo(newKey);
        assertThat(rotated.summaries().getFirst()).isEqualTo(new Keyring.KeysetSummary(Keyring.Kind.DATA, newKey, 2));
    }

    @Test
    void aNewIndexKeyGivesNewBlindIndexes(@TempDir Path dir) {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        byte[] before = Keyring.open(settings).blindIndex().of("nhs-number", "9434765919");

        Keyring.rotate(settings, Keyring.Kind.INDEX);

        BlindIndex rotated = Keyring.open(settings).blindIndex();
        assertThat(rotated.of("nhs-number", "9434765919")).isNotEqualTo(before)
                .isEqualTo(rotated.of("nhs-number", "9434765919"));
    }

    @Test
    void aNewCheckpointKeySignsWhileThePublicKeysetStillChecksWhatTheOldKeySigned(@TempDir Path dir) throws Exception {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        Keyring old = Keyring.open(settings);
        CheckpointKey oldKey = CheckpointKey.of(old.checkpointPublicKeyset());
        String oldNote = sign(old, "checkpoint 1\n");

        Keyring.rotate(settings, Keyring.Kind.CHECKPOINT);

        Keyring rotated = Keyring.open(settings);
        CheckpointKey published = CheckpointKey.fromJson(Files.readString(dir.resolve("checkpoint-public.json")));
        String newNote = sign(rotated, "checkpoint 2\n");
        assertThat(published.fingerprint()).isNotEqualTo(oldKey.fingerprint());
        assertThat(SignedNote.parse(oldNote).signedBy(ORIGIN, published)).isTrue();
        assertThat(SignedNote.parse(newNote).signedBy(ORIGIN, published)).isTrue();
        assertThat(SignedNote.parse(newNote).signedBy(ORIGIN, oldKey)).as("the old key alone does not vouch for the new").isFalse();
        assertThat(SignedNote.parse(newNote.replace("checkpoint 2", "checkpoint 3")).signedBy(ORIGIN, published)).isFalse();
        // A repository that stored the key before and after the rotation checks both.
        CheckpointKey both = CheckpointKey.union(java.util.List.of(oldKey, published));
        assertThat(SignedNote.parse(oldNote).signedBy(ORIGIN, both)).isTrue();
        assertThat(SignedNote.parse(newNote).signedBy(ORIGIN, both)).isTrue();
    }

    private static String sign(Keyring keyring, String body) throws Exception {
        return SignedNote.sign(body, ORIGIN, CheckpointKey.of(keyring.checkpointPublicKeyset()),
                keyring.checkpointSigner().sign(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNewMasterKeyFileRewrapsEveryKeysetAndTheKeysAreTheSame(@TempDir Path dir) throws Exception {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        Keyring old = Keyring.open(settings);
        byte[] sealed = old.fieldCipher().seal(NAME, "x");
        String oldMaster = Files.readString(dir.resolve("master-key.json"));
        String oldData = Files.readString(dir.resolve("data-aead.json"));

        assertThat(MasterRewrap.rewrap(settings, new char[0])).isEqualTo(MasterRewrap.Target.KEY_FILE);

        assertThat(Files.readString(dir.resolve("master-key.json"))).isNotEqualTo(oldMaster);
        assertThat(Files.readString(dir.resolve("data-aead.json"))).isNotEqualTo(oldData);
        Keyring rotated = Keyring.open(settings);
        assertThat(rotated.fieldCipher().open(sealed, "x")).isEqualTo(NAME);
        assertThat(rotated.cleartextKeysets()).isEqualTo(old.cleartextKeysets());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".next") || f.endsWith(".commit"));
        }
    }

    @Test
    void aMasterKeyFileGivesWayToAPassphraseAndNoKeyFileIsLeftBesideTheKeys(@TempDir Path dir) {
        byte[] sealed = Keyring.open(new KeyStoreSettings(dir, null, null)).fieldCipher().seal(NAME, "x");
        char[] passphrase = "correct horse battery staple".toCharArray();

        assertThat(MasterRewrap.rewrap(new KeyStoreSettings(dir, null, null), passphrase)).isEqualTo(MasterRewrap.Target.PASSPHRASE);

        assertThat(dir.resolve("master-key.json")).doesNotExist();
        assertThat(Keyring.open(new KeyStoreSettings(dir, null, passphrase)).fieldCipher().open(sealed, "x")).isEqualTo(NAME);
        assertThatThrownBy(() -> Keyring.open(new KeyStoreSettings(dir, null, "old or wrong".toCharArray())))
                .hasMessageContaining("master key does not match");

        char[] next = "a second passphrase for the next year".toCharArray();
        MasterRewrap.rewrap(new KeyStoreSettings(dir, null, passphrase), next);
        assertThat(Keyring.open(new KeyStoreSettings(dir, null, next)).fieldCipher().open(sealed, "x")).isEqualTo(NAME);
        assertThatThrownBy(() -> Keyring.open(new KeyStoreSettings(dir, null, passphrase))).hasMessageContaining("master key does not match");
    }

    @Test
    void aRewrapInterruptedBeforeItsCommitLeavesTheOldKeysInUse(@TempDir Path dir) throws Exception {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        byte[] sealed = Keyring.open(settings).fieldCipher().seal(NAME, "x");
        String oldMaster = Files.readString(dir.resolve("master-key.json"));
        // The crash: every keyset staged under a new master key, the commit marker not yet written.
        Keyring.register();
        Aead next = MasterKey.newKeyFile(dir.resolve("master-key.json.next"));
        MasterRewrap.stage(dir, MasterKey.open(settings), next);

        Keyring reopened = Keyring.open(settings);

        assertThat(reopened.fieldCipher().open(sealed, "x")).isEqualTo(NAME);
        assertThat(Files.readString(dir.resolve("master-key.json"))).isEqualTo(oldMaster);
        assertThat(dir.resolve("data-aead.json.next")).as("the uncommitted leftovers are discarded").doesNotExist();
    }

    @Test
    void aRewrapInterruptedAfterItsCommitIsFinishedByWhoeverOpensTheKeysNext(@TempDir Path dir) throws Exception {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        byte[] sealed = Keyring.open(settings).fieldCipher().seal(NAME, "x");
        Keyring.register();
        Aead next = MasterKey.newKeyFile(dir.resolve("master-key.json.next"));
        MasterRewrap.stage(dir, MasterKey.open(settings), next);
        String newMaster = Files.readString(dir.resolve("master-key.json.next"));
        MasterKey.writeSecret(dir.resolve(MasterRewrap.COMMIT), "KEY_FILE");
        // The crash: committed, and only the data keyset moved into place before it.
        Files.move(dir.resolve("data-aead.json.next"), dir.resolve("data-aead.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        Keyring reopened = Keyring.open(settings);

        assertThat(reopened.fieldCipher().open(sealed, "x")).isEqualTo(NAME);
        assertThat(Files.readString(dir.resolve("master-key.json"))).isEqualTo(newMaster);
        assertThat(dir.resolve(MasterRewrap.COMMIT)).doesNotExist();
    }

    @Test
    void aCommittedRewrapWhoseStagedKeysetIsDamagedIsRefusedAndTheOldKeysStayInUse(@TempDir Path dir) throws Exception {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        byte[] sealed = Keyring.open(settings).fieldCipher().seal(NAME, "x");
        String oldMaster = Files.readString(dir.resolve("master-key.json"));
        String oldData = Files.readString(dir.resolve("data-aead.json"));
        Keyring.register();
        MasterRewrap.stage(dir, MasterKey.open(settings), MasterKey.newKeyFile(dir.resolve("master-key.json.next")));
        MasterKey.writeSecret(dir.resolve(MasterRewrap.COMMIT), "KEY_FILE");
        // The power loss: the marker reached the disk, the staged data keyset did not (all of it).
        String staged = Files.readString(dir.resolve("data-aead.json.next"));
        Files.writeString(dir.resolve("data-aead.json.next"), staged.substring(0, staged.length() / 2));

        assertThatThrownBy(() -> Keyring.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data-aead.json.next does not open under the new master key")
                .hasMessageContaining("The old keys are untouched: to go on with them, delete master-rewrap.commit");

        assertThat(Files.readString(dir.resolve("master-key.json"))).isEqualTo(oldMaster);
        assertThat(Files.readString(dir.resolve("data-aead.json"))).isEqualTo(oldData);
        // Doing as it says: the old keys open what they sealed, and a new rotation starts clean.
        Files.delete(dir.resolve(MasterRewrap.COMMIT));
        assertThat(Keyring.open(settings).fieldCipher().open(sealed, "x")).isEqualTo(NAME);
        MasterRewrap.rewrap(settings, new char[0]);
        assertThat(Keyring.open(settings).fieldCipher().open(sealed, "x")).isEqualTo(NAME);
    }

    @Test
    void aKeyFileIsOwnerOnlyAndALinkPlantedAtItsTemporaryNameIsNotFollowed(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
        KeyStoreSettings settings = new KeyStoreSettings(dir, null, null);
        byte[] sealed = Keyring.open(settings).fieldCipher().seal(NAME, "x");
        Path victim = Files.writeString(elsewhere.resolve("someone-elses-file"), "not yours");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> wide = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(victim, wide);
        Files.createSymbolicLink(dir.resolve("data-aead.json.tmp"), victim);

        Keyring.rotate(settings, Keyring.Kind.DATA);

        assertThat(Files.readString(victim)).isEqualTo("not yours");
        assertThat(Files.getPosixFilePermissions(victim)).isEqualTo(wide);
        assertThat(Files.isSymbolicLink(dir.resolve("data-aead.json"))).isFalse();
        assertThat(dir.resolve("data-aead.json.tmp")).doesNotExist();
        for (String file : java.util.List.of("data-aead.json", "blind-index-mac.json", "checkpoint-signing.json", "master-key.json")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        assertThat(Keyring.open(settings).fieldCipher().open(sealed, "x")).isEqualTo(NAME);
    }

    @Test
    void aKeyDirectoryWithoutKeysIsNotRotatedAndAKmsMasterKeyIsRotatedInTheKms(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Keyring.rotate(new KeyStoreSettings(dir, null, null), Keyring.Kind.DATA))
                .hasMessageContaining("nothing to rotate");
        assertThatThrownBy(() -> MasterRewrap.rewrap(new KeyStoreSettings(dir, "aws-kms://arn:aws:kms:eu-west-2:1:key/pg", null), null))
                .hasMessageContaining("rotate it there");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
