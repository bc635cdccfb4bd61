package org.pathguard.drill;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.audit.Checkpoints;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.demo.DemoDay;
import org.pathguard.eventlog.EventLog;
import org.pathguard.posture.CafOutcome;
import org.pathguard.posture.OutcomeStatus;
import org.pathguard.posture.Posture;
import org.pathguard.posture.PostureReport;
import org.pathguard.posture.Rating;
import org.pathguard.posture.Reading;
import org.pathguard.writeonce.WriteOnceStore;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lab shipping its log to a directory repository, drilled: its posture's backup age turns red when the repository stops
 * receiving and green when it catches up; a drill from the repository passes on the running lab and from the command
 * line on the stopped one; a drill from a repository with a segment altered fails and says which, recorded as failed;
 * the scratch copy is gone after each. The lab's clock runs ahead on demand, so "two hours later" needs no waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreDrillTest {

    private static final Actor LAB_MANAGER = new Actor("posture.manager", Actor.Role.LAB_MANAGER, "PGLAB", null);

    @TempDir
    static Path root;
    Path labDir;
    Path repository;
    Path scratch;
    final Ahead clock = new Ahead();
    StandaloneLab lab;

    @BeforeAll
    void aLabShippingToARepositoryWithAWitnessItCannotReach() throws IOException {
        labDir = root.resolve("lab");
        repository = root.resolve("backups");
        scratch = labDir.resolve("drill-scratch");
        Path recovery = root.resolve("recovery");
        assertThat(PathGuardCommand.run("backup", "recovery-key", "--out", recovery.toString())).isZero();
        // A witness directory that cannot be made: every checkpoint sent to it fails.
        Path unreachable = Files.writeString(root.resolve("witness-is-a-file"), "not a directory");
        lab = StandaloneLab.start(labDir, clock, "--pathguard.checkpoint.max-events=50",
                "--pathguard.backup.repository=" + repository, "--pathguard.backup.key-escrow=" + root.resolve("escrow"),
                "--pathguard.backup.recovery-public-key=" + recovery.resolve("recovery-public.json"),
                "--pathguard.witness.targets=" + unreachable);
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void theBackupAgeIsNotAchievedOnceTheRepositoryStopsReceivingAndAchievedWhenItCatchesUp() throws Exception {
        lab.bean(DemoDay.class).seed(6, 3, 2);
        // The posture's first look registers the stored-data canary (two events): before the checkpoint, so it is shipped too.
        lab.bean(Posture.class).report(LAB_MANAGER);
        lab.bean(Checkpoints.class).makeCheckpoints();
        assertThat(reading("b5c-backup-age").rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(reading("b5c-backup-age").finding()).isEqualTo("The backup repository holds every event the lab has recorded");

        // No checkpoint from here: nothing more reaches the repository.
        lab.bean(DemoDay.class).seed(6, 4, 2);
        Reading fresh = reading("b5c-backup-age");
        assertThat(fresh.rating()).as(fresh.finding()).isEqualTo(Rating.ACHIEVED);
        assertThat(fresh.finding()).contains("events not yet shipped");

        clock.ahead(Duration.ofHours(2));
        PostureReport later = lab.bean(Posture.class).report(LAB_MANAGER);
        Reading stale = reading(later, "b5c-backup-age");
        assertThat(stale.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(stale.finding()).contains("are not in the backup repository", "received nothing for 2 h");
        assertThat(outcome(later, CafOutcome.B5_C).rating()).isEqualTo(Rating.NOT_ACHIEVED);
        Reading witness = reading(later, "b5a-witnesses");
        assertThat(witness.rating()).as(witness.finding()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(witness.finding()).contains("has taken no checkpoint for 2 h");

        lab.bean(Checkpoints.class).makeCheckpoints();
        assertThat(reading("b5c-backup-age").rating()).as("caught up, two hours on").isEqualTo(Rating.ACHIEVED);
    }

    @Test
    @Order(2)
    void aDrillOnTheRunningLabPassesATamperedBackupFailsSayingWhyAndBothAreRecordedWithTheCopyRemoved() throws Exception {
        RestoreDrill drill = lab.bean(RestoreDrill.class);
        JdbcClient db = lab.bean(JdbcClient.class);
        assertThat(reading("d1c-restore-drill").rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(reading("d1c-restore-drill").finding()).startsWith("No restore drill has been run");

        // The lab works on after its last checkpoint: the copy is behind it, never ahead.
        lab.bean(DemoDay.class).seed(2, 5, 1);
        long shipped = lab.bean(EventLog.class).lastSequence();
        RestoreDrillResult passed;
        try (WriteOnceStore store = WriteOnceStore.open(repository.toString())) {
            passed = drill.run(Actor.SYSTEM, store);
        }
        assertThat(passed.passed()).as(passed.reason()).isTrue();
        assertThat(passed.eventsRestored()).isPositive().isLessThan(shipped);
        assertThat(passed.counts()).contains("event_log " + passed.eventsRestored() + " of ", "patient 13 of 15",
                "events since the backup");
        assertThat(scratchCopies()).as("the scratch copy is removed").isEmpty();
        Reading achieved = reading("d1c-restore-drill");
        assertThat(achieved.rating()).as(achieved.finding()).isEqualTo(Rating.ACHIEVED);
        assertThat(achieved.evidence()).anyMatch(e -> e.name().equals("events restored") && e.value().equals(String.valueOf(passed.eventsRestored())));

        Path tampered = copyOfRepository("tampered");
        flipAByte(segmentOf(tampered, 2));
        RestoreDrillResult failed;
        try (WriteOnceStore store = WriteOnceStore.open(tampered.toString())) {
            failed = drill.run(Actor.SYSTEM, store);
        }
        assertThat(failed.passed()).isFalse();
        assertThat(failed.reason()).contains("the backup was refused: Segment 2 (sequences ", "has been changed");
        assertThat(scratchCopies()).as("removed after a failure too").isEmpty();
        Reading notAchieved = reading("d1c-restore-drill");
        assertThat(notAchieved.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(notAchieved.finding()).contains("failed: the backup was refused: Segment 2", "has been changed");

        assertThat(db.sql("select passed from restore_drill order by event_sequence").query(Boolean.class).list()).containsExactly(true, false);
        assertThat(db.sql("select count(*) from event_log where event_type = 'RestoreDrillRecorded' and actor = ?")
                .param(Actor.SYSTEM.logName()).query(Long.class).single()).isEqualTo(2);
        assertThat(db.sql("select reason from restore_drill where not passed").query(String.class).single()).contains("Segment 2");

        try (WriteOnceStore store = WriteOnceStore.open(repository.toString())) {
            for (Actor.Role role : Actor.Role.values()) {
                if (role != Actor.Role.SYSTEM) {
                    assertThatThrownBy(() -> drill.run(new Actor("someone", role), store)).as(role.name()).isInstanceOf(ForbiddenAction.class);
                }
            }
        }
        assertThat(db.sql("select count(*) from restore_drill").query(Long.class).single()).as("nothing recorded for a refusal").isEqualTo(2);
    }

    @Test
    @Order(3)
    void serveDrillsOnlyWhenAPeriodHasPassedSinceTheLastDrillAsRecorded() {
        RestoreDrill drill = lab.bean(RestoreDrill.class);
        JdbcClient db = lab.bean(JdbcClient.class);
        DrillSchedule weekly = new DrillSchedule(drill, clock, Duration.ofDays(7), repository.toString());
        weekly.round();
        assertThat(db.sql("select count(*) from restore_drill").query(Long.class).single()).as("the last drill is recent").isEqualTo(2);

        clock.ahead(Duration.ofDays(8));
        weekly.round();
        assertThat(db.sql("select passed from restore_drill order by event_sequence").query(Boolean.class).list()).containsExactly(true, false, true);
        assertThat(reading("d1c-restore-drill").rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    @Order(4)
    void theCommandDrillsTheStoppedLabExitingZeroWhenItPassesAndOneWhenTheBackupWasAltered() throws Exception {
        lab.bean(Checkpoints.class).makeCheckpoints();
        lab.close();
        try {
            assertThat(PathGuardCommand.run("drill", "restore", "--from", repository.toString(), "--data-dir", labDir.toString()))
                    .as("every count equal: the stopped lab's log ends where its backup does").isZero();
            Path tampered = copyOfRepository("tampered-for-command");
            flipAByte(segmentOf(tampered, 1));
            assertThat(PathGuardCommand.run("drill", "restore", "--from", tampered.toString(), "--data-dir", labDir.toString())).isEqualTo(1);
            assertThat(scratchCopies()).isEmpty();
        } finally {
            lab = StandaloneLab.start(labDir, clock);
        }
        assertThat(lab.bean(JdbcClient.class).sql("select passed from restore_drill order by event_sequence").query(Boolean.class).list())
                .containsExactly(true, false, true, true, false);
    }

    private Reading reading(String id) {
        return reading(lab.bean(Posture.class).report(LAB_MANAGER), id);
    }

    private static Reading reading(PostureReport report, String id) {
        return report.outcomes().stream().flatMap(o -> o.readings().stream()).filter(r -> r.indicator().id().equals(id)).findFirst().orElseThrow();
    }

    private static OutcomeStatus outcome(PostureReport report, CafOutcome outcome) {
        return report.outcomes().stream().filter(o -> o.outcome() == outcome).findFirst().orElseThrow();
    }

    private java.util.List<Path> scratchCopies() throws IOException {
        if (!Files.exists(scratch)) {
            return java.util.List.of();
        }
        try (Stream<Path> copies = Files.list(scratch)) {
            return copies.toList();
        }
    }

    private Path copyOfRepository(String name) {
        Path copy = root.resolve(name);
        try (Stream<Path> walk = Files.walk(repository)) {
            for (Path p : walk.toList()) {
                Path target = copy.resolve(repository.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** A killed drill's copy of the lab is removed at the next drill (and serve's start); nothing else under the scratch dir is. */
    @Test
    void staleDrillCopiesAreRemovedAndNothingElse(@TempDir Path scratch) throws IOException {
        Path killed = Files.createDirectories(scratch.resolve("drill-0b7e4c1e-6c3a-4f7e-9d55-2f1a3c4d5e6f/pgdata/base"));
        Files.writeString(killed.resolve("16384"), "a heap page of the lab's copy");
        Path other = Files.createDirectories(scratch.resolve("keep-me"));
        Path aFile = Files.writeString(scratch.resolve("drill-notes.txt"), "not a directory");

        assertThat(ScratchLab.removeStale(scratch)).containsExactly(scratch.resolve("drill-0b7e4c1e-6c3a-4f7e-9d55-2f1a3c4d5e6f"));
        assertThat(scratch.resolve("drill-0b7e4c1e-6c3a-4f7e-9d55-2f1a3c4d5e6f")).doesNotExist();
        assertThat(other).isDirectory();
        assertThat(aFile).exists();
        assertThat(ScratchLab.removeStale(scratch.resolve("never-made"))).isEmpty();
    }

    private static Path segmentOf(Path repository, int number) throws IOException {
        String text = Files.readString(repository.resolve("manifests").resolve("%012d.manifest".formatted(number)));
        String sha = text.lines().filter(l -> l.startsWith("sha256 ")).findFirst().orElseThrow().substring(7);
        return repository.resolve("segments").resolve(sha + ".segment");
    }

    private static void flipAByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
    }

    /** The system's clock, or as far ahead of it as the test has moved it. */
    static final class Ahead implements InstantSource {
        private volatile Duration ahead = Duration.ZERO;

        void ahead(Duration more) {
            ahead = ahead.plus(more);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    }
}
