package org.pathguard.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.audit.Checkpoints;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.demo.DemoDay;
import org.pathguard.eventlog.EventLog;
import org.pathguard.interop.hl7.Mllp;
import org.pathguard.writeonce.WriteOnceStore;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ransomware drill: a lab works through the API and HL7 while shipping to a write-once
 * repository; then its server is destroyed (database files and keys deleted). Restored from the
 * repository and the escrowed keys alone, it holds every acknowledged event, its chain verifies,
 * and the API answers as before.
 */
class RansomwareDrillTest {

    @TempDir
    Path root;

    @Test
    void aDestroyedLabIsRestoredFromItsBackupsWithEveryAcknowledgedEventAndAnswersAsBefore() throws Exception {
        Path labDir = root.resolve("lab");
        Path repository = root.resolve("backups");
        Path escrow = root.resolve("key-escrow");
        Path recoveryKey = root.resolve("offline-recovery-key");
        assertThat(PathGuardCommand.run("backup", "recovery-key", "--out", recoveryKey.toString())).isZero();

        List<String> acknowledged = new ArrayList<>();
        List<String> knownValues = new ArrayList<>();
        Map<String, String> answersBefore = new LinkedHashMap<>();
        Accounts.Secrets before;
        Accounts.Secrets after;
        long events;
        try (StandaloneLab lab = StandaloneLab.start(labDir, "--pathguard.checkpoint.enabled=true",
                "--pathguard.checkpoint.interval=PT0.2S", "--pathguard.backup.repository=" + repository,
                "--pathguard.backup.snapshot-every=400",
                "--pathguard.backup.key-escrow=" + escrow,
                "--pathguard.backup.recovery-public-key=" + recoveryKey.resolve("recovery-public.json"))) {
            lab.loopbackHl7Sender("RJ122");
            lab.bean(DemoDay.class).seed(30, 7, 2).forEach(p -> knownValues.addAll(List.of(p.nhsNumber(), p.familyName())));
            Accounts accounts = lab.bean(Accounts.class);
            before = accounts.createEnrolled(Actor.SYSTEM, "drill.before", Actor.Role.SCIENTIST, "PGLAB");
            after = accounts.createEnrolled(Actor.SYSTEM, "drill.after", Actor.Role.SCIENTIST, "PGLAB");
            Api scientist = Api.person(lab.port(), before.username(), before.password(), before.totpSecret());

            List<String> accessions = new ArrayList<>();
            try (Mllp mllp = new Mllp(lab.mllpPort())) {
                for (int i = 0; i < 6; i++) {
                    Person person = new Person(Api.newNhsNumber(), Api.unique("H"), "Drillwright" + "abcdef".charAt(i), "Ada", "19700101", "F", "SE1 7EH");
                    knownValues.addAll(List.of(person.nhsNumber(), person.familyName(), person.hospitalNumber()));
                    String serum = Api.unique("S");
                    String order = Api.unique("OML");
                    String ack = mllp.send(SyntheticMessages.oml(order, "RJ122", Api.unique("P"), person, "R", null,
                            List.of(new Request("UE", serum, "SER"))));
                    assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
                    acknowledged.add(order);
                    accessions.add(Mllp.field(ack, "ORC", 3).split("\\^")[0]);
                    assertThat(scientist.post("/api/specimens/" + serum + "/receipt", Map.of()).status()).isEqualTo(200);
                    String results = Api.unique("ORU");
                    ack = mllp.send(SyntheticMessages.oru(results, serum, person.nhsNumber(), List.of(
                            new Observation("NA", "L", "139", "mmol/L"), new Observation("K", "L", "4.0", "mmol/L"),
                            new Observation("UREA", "L", "5." + i, "mmol/L"), new Observation("CREA", "L", "8" + i, "umol/L"))));
                    assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
                    acknowledged.add(results);
                }
            }
            for (String accession : accessions) {
                for (String path : List.of("/api/orders/" + accession, "/api/orders/" + accession + "/results",
                        "/api/orders/" + accession + "/specimens")) {
                    Api.Response answer = scientist.get(path);
                    assertThat(answer.status()).as(path).isEqualTo(200);
                    answersBefore.put(path, answer.body());
                }
            }
            events = waitUntilShipped(lab, repository);
        }

        assertThat(repository.resolve("snapshots")).as("the restore starts from a snapshot and replays the rest").isNotEmptyDirectory();

        // The attack: the server's database files and its keys are gone.
        deleteTree(labDir);
        assertThat(labDir).doesNotExist();

        // What the attacker can read of the backups and the escrow: ciphertext only. Short names turn up by chance in a
        // repository of random-looking bytes and base64 (the demo day's "Toy", and once "Ryan" inside a signed
        // checkpoint's base64, "dmRyand1"); five or more characters do not, and numbers and dates are checked whole.
        for (Path file : filesUnder(repository, escrow)) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            knownValues.stream().filter(value -> value.length() >= 5)
                    .forEach(value -> assertThat(content).as("%s in %s", value, file).doesNotContain(value));
        }

        Path restored = root.resolve("restored");
        assertThat(PathGuardCommand.run("restore", "--from", repository.toString(), "--data-dir", restored.toString()))
                .as("without the offline recovery key the backup cannot be read").isEqualTo(2);
        assertThat(PathGuardCommand.run("restore", "--from", repository.toString(), "--key-escrow", escrow.toString(),
                "--data-dir", restored.toString(), "--recovery-key", recoveryKey.resolve("recovery-private.json").toString())).isZero();

        try (StandaloneLab lab = StandaloneLab.start(restored)) {
            EventLog log = lab.bean(EventLog.class);
            assertThat(log.lastSequence()).isEqualTo(events);
            assertThat(log.verify().intact()).isTrue();
            assertThat(lab.bean(Checkpoints.class).latest().orElseThrow().treeSize()).isEqualTo(events);
            JdbcClient db = lab.bean(JdbcClient.class);
            assertThat(db.sql("select control_id from inbound_message").query(String.class).list())
                    .containsAll(acknowledged);
            Api scientist = Api.person(lab.port(), after.username(), after.password(), after.totpSecret());
            answersBefore.forEach((path, body) -> assertThat(scientist.get(path).body()).as(path).isEqualTo(body));
        }
    }

    /** Waits until the repository holds every committed event: shipping follows each checkpoint within seconds. */
    private static long waitUntilShipped(StandaloneLab lab, Path repository) throws InterruptedException {
        EventLog log = lab.bean(EventLog.class);
        Checkpoints checkpoints = lab.bean(Checkpoints.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (WriteOnceStore store = WriteOnceStore.open(repository.toString())) {
            while (Instant.now().isBefore(deadline)) {
                long committed = log.lastSequence();
                if (BackupStatus.of(store, "pathguard/PGLAB/event-log", checkpoints.key()).lastSequence() == committed) {
                    return committed;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("The repository did not catch up with the log within 60 s");
    }

    private static List<Path> filesUnder(Path... directories) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path directory : directories) {
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(3);
        return files;
    }

    static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
