package org.pathguard.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.access.SignInRefused;
import org.pathguard.audit.Checkpoints;
import org.pathguard.backup.BackupStatus;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.crypto.KeyStoreSettings;
import org.pathguard.crypto.Keyring;
import org.pathguard.demo.DemoDay;
import org.pathguard.eventlog.EventLog;
import org.pathguard.lab.NhsNumber;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.posture.Posture;
import org.pathguard.posture.Reading;
import org.pathguard.result.Results;
import org.pathguard.writeonce.WriteOnceStore;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key rotation drill: a lab with patients and results, shipping to its backup repository, has its data,
 * checkpoint and master keys rotated by the command with the server stopped. Restarted, it finds every patient by NHS
 * number and opens every result as before, no projection column is sealed under the old data key, its chain verifies
 * and its new checkpoints and manifests check against the keys the repository holds; a backup taken before the
 * rotations restores with the rotated keys, and the newest escrow restores the lab with no key directory at all.
 */
class KeyRotationDrillTest {

    private static final String ORIGIN = "pathguard/PGLAB/event-log";

    @TempDir
    Path root;

    @Test
    void dataCheckpointAndMasterKeysRotateWithNothingBecomingUnreadable() throws Exception {
        Path labDir = root.resolve("lab");
        Path repository = root.resolve("backups");
        Path escrow = root.resolve("key-escrow");
        Path recoveryKey = root.resolve("offline-recovery-key");
        assertThat(PathGuardCommand.run("backup", "recovery-key", "--out", recoveryKey.toString())).isZero();
        String[] settings = {"--pathguard.checkpoint.enabled=true", "--pathguard.checkpoint.interval=PT0.2S",
                "--pathguard.backup.repository=" + repository, "--pathguard.backup.snapshot-every=100",
                "--pathguard.backup.key-escrow=" + escrow,
                "--pathguard.backup.recovery-public-key=" + recoveryKey.resolve("recovery-public.json")};

        List<String> nhsNumbers = new ArrayList<>();
        Map<String, String> before;
        String oldDataKey;
        String oldCheckpointKey;
        long eventsBefore;
        try (StandaloneLab lab = StandaloneLab.start(labDir, settings)) {
            lab.bean(DemoDay.class).seed(8, 7, 2).forEach(p -> nhsNumbers.add(p.nhsNumber()));
            before = whatTheLabShows(lab, nhsNumbers);
            oldDataKey = lab.bean(Keyring.class).keyIds(Keyring.Kind.DATA).getLast();
            oldCheckpointKey = lab.bean(Checkpoints.class).key().fingerprint();
            assertThat(sealedUnder(lab, oldDataKey)).as("the projections hold ciphertexts under the first data key").isPositive();
            eventsBefore = waitUntilShipped(lab, repository);
        }
        assertThat(repository.resolve("snapshots")).isNotEmptyDirectory();
        Path olderBackup = root.resolve("backups-before-rotation");
        copyTree(repository, olderBackup);
        String masterBefore = Files.readString(labDir.resolve("keys/master-key.json"));

        for (String which : List.of("data", "checkpoint", "master")) {
            assertThat(PathGuardCommand.run("keys", "rotate", which, "--data-dir", labDir.toString(), "--operator", "k.okafor",
                    "--key-escrow", escrow.toString(), "--recovery-public-key", recoveryKey.resolve("recovery-public.json").toString()))
                    .as(which).isZero();
        }
        assertThat(Files.readString(labDir.resolve("keys/master-key.json"))).isNotEqualTo(masterBefore);

        long eventsAfter;
        try (StandaloneLab lab = StandaloneLab.start(labDir, settings)) {
            assertThat(whatTheLabShows(lab, nhsNumbers)).isEqualTo(before);
            assertThat(sealedUnder(lab, oldDataKey)).as("every sealed column sealed again under the new data key").isZero();
            assertThat(lab.bean(Keyring.class).keyIds(Keyring.Kind.DATA)).hasSize(2).first().isEqualTo(oldDataKey);
            assertThat(lab.bean(EventLog.class).verify().intact()).isTrue();
            assertThat(lab.bean(Checkpoints.class).key().fingerprint()).isNotEqualTo(oldCheckpointKey);
            assertThat(lab.bean(KeyRotations.class).latest()).extracting(KeyRotations.Rotation::keyset, KeyRotations.Rotation::operator)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("DATA", "k.okafor"),
                            org.assertj.core.groups.Tuple.tuple("CHECKPOINT", "k.okafor"), org.assertj.core.groups.Tuple.tuple("MASTER", "k.okafor"));
            Reading ages = lab.bean(Posture.class).report(new Actor("lab.manager", Actor.Role.LAB_MANAGER, "PGLAB", null)).outcomes().stream()
                    .flatMap(o -> o.readings().stream()).filter(r -> r.indicator().id().equals("b3c-key-ages")).findFirst().orElseThrow();
            assertThat(ages.evidence()).anySatisfy(e -> assertThat(e.value()).startsWith("rotated").contains("k.okafor"));
            Reading placement = lab.bean(Posture.class).report(new Actor("privacy.officer", Actor.Role.AUDITOR, "PGLAB", null)).outcomes().stream()
                    .flatMap(o -> o.readings().stream()).filter(r -> r.indicator().id().equals("b3c-keys-outside-database"))
                    .findFirst().orElseThrow();
            assertThat(placement.rating()).as(placement.finding()).isEqualTo(org.pathguard.posture.Rating.PARTIALLY_ACHIEVED);
            assertThat(placement.finding()).contains("master key file is beside them");
            // New work after the rotation: checkpoints signed by the new key, shipped, and checked against the keys the
            // repository holds (the old one for the manifests before, the new one for those after).
            lab.bean(DemoDay.class).seed(2, 8, 1).forEach(p -> nhsNumbers.add(p.nhsNumber()));
            eventsAfter = waitUntilShipped(lab, repository);
            assertThat(eventsAfter).isGreaterThan(eventsBefore);
            before = whatTheLabShows(lab, nhsNumbers);
        }
        try (WriteOnceStore escrowed = WriteOnceStore.open(escrow.toString())) {
            // The first keys, then after the data and the checkpoint rotations; a new master key changes no keyset (the
            // escrow holds the keysets themselves, wrapped to the recovery key), so it needs no new escrow.
            assertThat(escrowed.list("escrow/")).as("an escrow for each set of keys").hasSize(3);
        }

        // The older backup restores with today's (rotated) keys: old data keys and old checkpoint public keys are kept.
        Path restoredOld = root.resolve("restored-older");
        copyTree(labDir.resolve("keys"), restoredOld.resolve("keys"));
        assertThat(PathGuardCommand.run("restore", "--from", olderBackup.toString(), "--data-dir", restoredOld.toString())).isZero();
        try (StandaloneLab lab = StandaloneLab.start(restoredOld)) {
            assertThat(lab.bean(EventLog.class).lastSequence()).isEqualTo(eventsBefore);
            assertThat(lab.bean(EventLog.class).verify().intact()).isTrue();
            assertThat(lab.bean(Checkpoints.class).latest().orElseThrow().treeSize()).isEqualTo(eventsBefore);
            assertThat(whatTheLabShows(lab, nhsNumbers.subList(0, 8)))
                    .containsAllEntriesOf(whatTheLabShowsOf(before, nhsNumbers.subList(0, 8)));
        }

        // The lab destroyed: the newest escrow and the offline recovery key bring back every key it has had.
        Path restoredNew = root.resolve("restored-newest");
        assertThat(PathGuardCommand.run("restore", "--from", repository.toString(), "--key-escrow", escrow.toString(),
                "--data-dir", restoredNew.toString(), "--recovery-key", recoveryKey.resolve("recovery-private.json").toString())).isZero();
        try (StandaloneLab lab = StandaloneLab.start(restoredNew)) {
            assertThat(lab.bean(EventLog.class).lastSequence()).isEqualTo(eventsAfter);
            assertThat(lab.bean(EventLog.class).verify().intact()).isTrue();
            assertThat(whatTheLabShows(lab, nhsNumbers)).isEqualTo(before);
        }
    }

    @Test
    void aNewIndexKeyRebuildsEveryBlindIndexAndCredentialsCodesAndLinksStillWork() throws Exception {
        Path labDir = root.resolve("lab");
        Path repository = root.resolve("backups");
        Path escrow = root.resolve("key-escrow");
        Path recoveryKey = root.resolve("offline-recovery-key");
        assertThat(PathGuardCommand.run("backup", "recovery-key", "--out", recoveryKey.toString())).isZero();
        String[] settings = {"--pathguard.checkpoint.enabled=true", "--pathguard.checkpoint.interval=PT0.2S",
                "--pathguard.backup.repository=" + repository, "--pathguard.backup.snapshot-every=100",
                "--pathguard.backup.key-escrow=" + escrow,
                "--pathguard.backup.recovery-public-key=" + recoveryKey.resolve("recovery-public.json")};

        List<String> nhsNumbers = new ArrayList<>();
        Map<String, String> before;
        Accounts.IssuedCredential analyser;
        Accounts.Secrets scientist;
        Accounts.Invitation invited;
        long eventsBefore;
        try (StandaloneLab lab = StandaloneLab.start(labDir, settings)) {
            lab.bean(DemoDay.class).seed(8, 11, 2).forEach(p -> nhsNumbers.add(p.nhsNumber()));
            Accounts accounts = lab.bean(Accounts.class);
            analyser = accounts.issueCredential(Actor.SYSTEM, "analyser.one", "PGLAB", List.of(Scope.RESULTS));
            scientist = accounts.createEnrolled(Actor.SYSTEM, "rotation.scientist", Actor.Role.SCIENTIST, "PGLAB");
            invited = accounts.invite(Actor.SYSTEM, "rotation.newcomer", Actor.Role.SCIENTIST, "PGLAB", null);
            before = whatTheLabShows(lab, nhsNumbers);
            eventsBefore = waitUntilShipped(lab, repository);
        }
        assertThat(repository.resolve("snapshots")).isNotEmptyDirectory();

        assertThat(PathGuardCommand.run("keys", "rotate", "index", "--data-dir", labDir.toString(), "--operator", "k.okafor")).isZero();

        try (StandaloneLab lab = StandaloneLab.start(labDir, settings)) {
            assertThat(lab.bean(Keyring.class).keyIds(Keyring.Kind.INDEX)).hasSize(2);
            assertThat(whatTheLabShows(lab, nhsNumbers)).isEqualTo(before);
            Accounts accounts = lab.bean(Accounts.class);
            // Kept in events (the secrets never are), these indexes are under the old key: found under every key.
            assertThat(accounts.credential(analyser.token())).map(Accounts.Credential::name).contains("analyser.one");
            UUID account = accounts.checkPassword(scientist.username(), scientist.password(), Instant.now());
            assertThat(accounts.checkSecondFactor(account, scientist.recoveryCodes().getFirst(), Instant.now()).name())
                    .isEqualTo("rotation.scientist");
            UUID again = accounts.checkPassword(scientist.username(), scientist.password(), Instant.now());
            assertThatThrownBy(() -> accounts.checkSecondFactor(again, scientist.recoveryCodes().getFirst(), Instant.now()))
                    .as("a recovery code made under the old key is still used up once used").isInstanceOf(SignInRefused.class);
            assertThat(accounts.enrolment(invited.token()).username()).isEqualTo("rotation.newcomer");
            assertThat(accounts.credential("pgc_" + "not-a-credential")).isEmpty();
            assertThat(lab.bean(EventLog.class).verify().intact()).isTrue();
        }

        // A restore drill of the backup taken before the rotation, from the rotated lab: its copy replays every event under
        // the new index key and still holds exactly the backup's events (a drill once failed here on an event of its own).
        assertThat(PathGuardCommand.run("drill", "restore", "--from", repository.toString(), "--data-dir", labDir.toString()))
                .as("the drill of an older backup after an index rotation passes").isZero();

        // The newest backup's snapshot was indexed with the old key: the restore sees it and replays every event.
        Path restored = root.resolve("restored");
        assertThat(PathGuardCommand.run("restore", "--from", repository.toString(), "--key-escrow", escrow.toString(),
                "--data-dir", restored.toString(), "--recovery-key", recoveryKey.resolve("recovery-private.json").toString())).isZero();
        try (StandaloneLab lab = StandaloneLab.start(restored)) {
            assertThat(lab.bean(EventLog.class).lastSequence()).isGreaterThanOrEqualTo(eventsBefore);
            assertThat(lab.bean(EventLog.class).verify().intact()).isTrue();
            assertThat(whatTheLabShows(lab, nhsNumbers)).isEqualTo(before);
            assertThat(lab.bean(Accounts.class).credential(analyser.token())).isPresent();
        }
    }

    @Test
    void anIndexRotationInterruptedBeforeItsRebuildStopsTheLabUntilTheRebuildFinishesIt() throws Exception {
        Path labDir = root.resolve("lab");
        List<String> nhsNumbers = new ArrayList<>();
        Map<String, String> before;
        try (StandaloneLab lab = StandaloneLab.start(labDir)) {
            lab.bean(DemoDay.class).seed(4, 5, 1).forEach(p -> nhsNumbers.add(p.nhsNumber()));
            before = whatTheLabShows(lab, nhsNumbers);
        }
        // The crash in `keys rotate index`: the keyset rotated, the power lost before the rebuild committed.
        String newKey = Keyring.rotate(new KeyStoreSettings(labDir.resolve("keys"), null, null), Keyring.Kind.INDEX);

        assertThatThrownBy(() -> StandaloneLab.start(labDir)).hasStackTraceContaining("REFUSED to start")
                .hasStackTraceContaining("Run ./pathguard rebuild");
        // What the refusal prevents: the desk would find nobody by NHS number, and register them again.
        try (StandaloneLab unchecked = StandaloneLab.start(labDir, "--pathguard.keys.index-key-check=false")) {
            assertThat(unchecked.bean(PatientRegistry.class).findIdByNhsNumber(NhsNumber.parse(nhsNumbers.getFirst()))).isEmpty();
        }

        assertThat(PathGuardCommand.run("rebuild", "--data-dir", labDir.toString(), "--operator", "k.okafor")).isZero();

        try (StandaloneLab lab = StandaloneLab.start(labDir)) {
            assertThat(whatTheLabShows(lab, nhsNumbers)).isEqualTo(before);
            assertThat(lab.bean(KeyRotations.class).latestKeyId("INDEX")).contains(newKey);
            assertThat(lab.bean(KeyRotations.class).latestKeyId("DATA")).as("the data key was not rotated").isEmpty();
            assertThat(lab.bean(EventLog.class).verify().intact()).isTrue();
        }
    }

    @Test
    void keysAreNotRotatedUnderARunningServer() throws Exception {
        Path labDir = root.resolve("lab");
        try (StandaloneLab lab = StandaloneLab.start(labDir)) {
            String data = Files.readString(labDir.resolve("keys/data-aead.json"));
            List<String> ids = lab.bean(Keyring.class).keyIds(Keyring.Kind.DATA);

            assertThat(PathGuardCommand.run("keys", "rotate", "data", "--data-dir", labDir.toString())).isEqualTo(1);
            assertThat(PathGuardCommand.run("keys", "rotate", "master", "--data-dir", labDir.toString())).isEqualTo(1);

            assertThat(Files.readString(labDir.resolve("keys/data-aead.json"))).isEqualTo(data);
            assertThat(lab.bean(KeyRotations.class).latest()).isEmpty();
            assertThat(lab.bean(Keyring.class).keyIds(Keyring.Kind.DATA)).isEqualTo(ids);
        }
        assertThat(PathGuardCommand.run("keys", "rotate", "sideways", "--data-dir", labDir.toString()))
                .as("not a keyset").isEqualTo(2);
    }

    /** Each patient found by NHS number, with their demographics and reportable results as the lab opens them. */
    private static Map<String, String> whatTheLabShows(StandaloneLab lab, List<String> nhsNumbers) {
        PatientRegistry registry = lab.bean(PatientRegistry.class);
        Results results = lab.bean(Results.class);
        Map<String, String> shown = new LinkedHashMap<>();
        for (String nhs : nhsNumbers) {
            UUID id = registry.findIdByNhsNumber(NhsNumber.parse(nhs)).orElseThrow(() -> new AssertionError("not found: " + nhs));
            shown.put(nhs, registry.get(id) + " " + results.reportableForPatient(id));
        }
        assertThat(shown.values()).allSatisfy(v -> assertThat(v).contains("nhsNumber="));
        return shown;
    }

    private static Map<String, String> whatTheLabShowsOf(Map<String, String> shown, List<String> nhsNumbers) {
        Map<String, String> some = new LinkedHashMap<>();
        nhsNumbers.forEach(n -> some.put(n, shown.get(n)));
        return some;
    }

    /** How many values in the projections' bytea columns carry Tink's prefix for this data key (version 1, key id). */
    private static long sealedUnder(StandaloneLab lab, String keyId) {
        JdbcClient db = lab.bean(JdbcClient.class);
        byte[] prefix = HexFormat.of().parseHex("01" + keyId);
        long count = 0;
        for (Map<String, Object> column : db.sql("""
                select table_name, column_name from information_schema.columns
                where table_schema = 'public' and data_type = 'bytea' and table_name <> 'event_log'""").query().listOfRows()) {
            count += db.sql("select count(*) from \"" + column.get("table_name") + "\" where substring(\"" + column.get("column_name")
                    + "\" from 1 for 5) = ?").param(prefix).query(Long.class).single();
        }
        return count;
    }

    private static long waitUntilShipped(StandaloneLab lab, Path repository) throws InterruptedException {
        EventLog log = lab.bean(EventLog.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (WriteOnceStore store = WriteOnceStore.open(repository.toString())) {
            while (Instant.now().isBefore(deadline)) {
                long committed = log.lastSequence();
                if (BackupStatus.of(store, ORIGIN, BackupStatus.storedKey(store)).lastSequence() == committed) {
                    return committed;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("The repository did not catch up with the log within 60 s");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
