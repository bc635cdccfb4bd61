package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.breach.detect.DataCategory;
import org.pathguard.lab.LabRuleViolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scan's journal: what a rerun finds of an interrupted scan, and what it refuses. */
class ScanJournalTest {

    @TempDir
    Path dir;

    private static final Instant BEGAN = Instant.parse("2026-12-07T09:00:00Z");

    private static FileResult result(String path, long bytes, long modified) {
        return new FileResult(path, bytes, modified, "ab".repeat(32), "text/plain", 1, bytes,
                List.of(new Match(UUID.randomUUID(), true, Set.of("nhs-number"), Set.of(DataCategory.NHS_NUMBER))),
                Set.of("cd".repeat(32)), 0, Set.of("G85001"), Set.of(), List.of());
    }

    private static DumpWalk.DumpFile file(String path, long bytes, long modified) {
        return new DumpWalk.DumpFile(Path.of(path), path, bytes, modified);
    }

    @Test
    void aRerunFindsEachFinishedFileUnchangedAndReadsAChangedOneAgain() {
        FileResult a = result("dump/a.txt", 10, 1000);
        try (ScanJournal journal = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            journal.finished(a);
            journal.finished(result("dump/b.txt", 20, 2000));
        }
        try (ScanJournal again = ScanJournal.open(dir, "ICO-1", BEGAN.plusSeconds(3600))) {
            assertThat(again.header()).isEqualTo(new ScanJournal.Header("ICO-1", BEGAN));
            assertThat(again.done(file("dump/a.txt", 10, 1000))).isEqualTo(a);
            assertThat(again.done(file("dump/b.txt", 21, 2000))).as("grown since").isNull();
            assertThat(again.done(file("dump/b.txt", 20, 2001))).as("modified since").isNull();
            assertThat(again.done(file("dump/c.txt", 5, 5))).as("never finished").isNull();
        }
    }

    @Test
    void aTornLastLineIsCutOffAndItsFileReadAgain() throws IOException {
        try (ScanJournal journal = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            journal.finished(result("dump/a.txt", 10, 1000));
        }
        Files.writeString(dir.resolve(ScanJournal.NAME), "{\"pathInDump\":\"dump/b.t", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ScanJournal again = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            assertThat(again.done(file("dump/a.txt", 10, 1000))).isNotNull();
            assertThat(again.done(file("dump/b.txt", 20, 2000))).isNull();
            again.finished(result("dump/b.txt", 20, 2000));
        }
        try (ScanJournal third = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            assertThat(third.done(file("dump/b.txt", 20, 2000))).as("written whole after the torn line was cut").isNotNull();
        }
        assertThat(Files.readAllLines(dir.resolve(ScanJournal.NAME))).hasSize(3);
    }

    @Test
    void aWholeLastLineWithoutItsLineEndIsKept() throws IOException {
        try (ScanJournal journal = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            journal.finished(result("dump/a.txt", 10, 1000));
        }
        Path path = dir.resolve(ScanJournal.NAME);
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        try (ScanJournal again = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            assertThat(again.done(file("dump/a.txt", 10, 1000))).isNotNull();
            again.finished(result("dump/b.txt", 20, 2000));
        }
        try (ScanJournal third = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            assertThat(third.done(file("dump/a.txt", 10, 1000))).isNotNull();
            assertThat(third.done(file("dump/b.txt", 20, 2000))).isNotNull();
        }
    }

    @Test
    void anotherCasesDirectoryIsRefusedAndLeftAsItWas() throws IOException {
        try (ScanJournal journal = ScanJournal.open(dir, "ICO-1", BEGAN)) {
            journal.finished(result("dump/a.txt", 10, 1000));
        }
        String before = Files.readString(dir.resolve(ScanJournal.NAME));
        assertThatThrownBy(() -> ScanJournal.open(dir, "ICO-2", BEGAN)).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("holds the scan of case ICO-1");
        assertThat(Files.readString(dir.resolve(ScanJournal.NAME))).isEqualTo(before);
    }
}
