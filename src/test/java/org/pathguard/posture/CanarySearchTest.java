package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The canary's rating rules, without a database. */
class CanarySearchTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static CanarySearch search(long files, List<String> inFiles, String dumpProblem, List<String> inDump) {
        return new CanarySearch(NOW, Duration.ofSeconds(2), files, 1 << 20, inFiles, dumpProblem, 1 << 20, inDump);
    }

    @Test
    void nothingInClearInTheFilesNorTheDumpIsAchieved() {
        CanarySearch s = search(120, List.of(), null, List.of());
        assertThat(s.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(s.finding()).contains("nowhere").contains("120 files");
    }

    @Test
    void aValueInClearInAFileOrInTheDumpIsNotAchievedAndSaysWhereButNotWhat() {
        CanarySearch inFile = search(120, List.of("base/5/16384: family name (UTF-8)"), null, List.of());
        assertThat(inFile.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(inFile.evidence()).contains(new Evidence("in clear in a database file", "base/5/16384: family name (UTF-8)"));
        CanarySearch inDump = search(120, List.of(), null, List.of("NHS number (UTF-8)"));
        assertThat(inDump.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(inDump.finding()).contains("in clear in a pg_dump");
    }

    @Test
    void noDumpIsNotAchievedWithTheReason() {
        CanarySearch s = search(120, List.of(), "no pg_dump at /nowhere", List.of());
        assertThat(s.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(s.finding()).isEqualTo("Cannot dump: no pg_dump at /nowhere");
    }

    @Test
    void anExternalServerWhoseFilesCannotBeReadIsPartiallyAchieved() {
        CanarySearch s = search(-1, List.of(), null, List.of());
        assertThat(s.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(s.finding()).contains("on another machine");
    }

    @Test
    void aDatabaseOnThisMachineWhoseFilesCouldNotBeReadIsNotAchieved() {
        CanarySearch s = search(0, List.of(), null, List.of());
        assertThat(s.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(s.finding()).isEqualTo("The database's own files could not be read");
    }
}
