package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** B3.c's key rules without Spring: key ages against the period, and where the keys are kept. */
class KeyRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);

    @Test
    void keysWithinThePeriodAreAchievedAndOneOlderMakesItPartial() {
        Map<String, Instant> madeAt = new LinkedHashMap<>();
        madeAt.put("DATA", NOW.minus(Duration.ofDays(365)));
        madeAt.put("INDEX", NOW.minus(Duration.ofDays(10)));
        assertThat(new KeyAges(madeAt, YEAR).rating(NOW)).isEqualTo(Rating.ACHIEVED);
        assertThat(new KeyAges(madeAt, YEAR).finding(NOW)).isEqualTo("Every key is younger than 365 days");

        madeAt.put("DATA", NOW.minus(Duration.ofDays(365)).minusSeconds(1));
        assertThat(new KeyAges(madeAt, YEAR).rating(NOW)).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(new KeyAges(madeAt, YEAR).finding(NOW)).isEqualTo("Older than 365 days: the data key (./pathguard keys rotate)");
        assertThat(new KeyAges(madeAt, Duration.ofDays(400)).rating(NOW)).as("the lab's own period").isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void keysApartFromTheDatabaseWithAPassphraseAreAchieved() {
        KeyPlacement placement = new KeyPlacement(Path.of("/srv/pathguard/keys"), Path.of("/srv/pathguard/postgres"),
                Path.of("/mnt/backups"), KeyPlacement.MasterSource.PASSPHRASE, false, List.of());
        assertThat(placement.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(new KeyPlacement(Path.of("/srv/keys"), null, null, KeyPlacement.MasterSource.KMS, false, List.of()).rating())
                .isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void aMasterKeyFileBesideTheKeysIsPartial() {
        assertThat(new KeyPlacement(Path.of("/srv/pathguard/keys"), Path.of("/srv/pathguard/postgres"), null,
                KeyPlacement.MasterSource.KEY_FILE, true, List.of()).rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(new KeyPlacement(Path.of("/srv/pathguard/keys"), Path.of("/srv/pathguard/postgres"), null,
                KeyPlacement.MasterSource.PASSPHRASE, true, List.of()).finding()).contains("a master key file is left");
    }

    @Test
    void keysInsideTheDatabaseOrTheBackupsOrReadableByOthersAreNotAchieved() {
        assertThat(new KeyPlacement(Path.of("/srv/pathguard/postgres/keys"), Path.of("/srv/pathguard/postgres"), null,
                KeyPlacement.MasterSource.PASSPHRASE, false, List.of()).rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(new KeyPlacement(Path.of("/mnt/backups/keys"), null, Path.of("/mnt/backups"),
                KeyPlacement.MasterSource.KMS, false, List.of()).rating()).isEqualTo(Rating.NOT_ACHIEVED);
        KeyPlacement readable = new KeyPlacement(Path.of("/srv/keys"), null, null, KeyPlacement.MasterSource.KMS, false,
                List.of("data-aead.json"));
        assertThat(readable.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(readable.finding()).contains("data-aead.json");
        // A sibling whose name merely starts the same is not inside.
        assertThat(new KeyPlacement(Path.of("/srv/pathguard/postgres-keys"), Path.of("/srv/pathguard/postgres"), null,
                KeyPlacement.MasterSource.PASSPHRASE, false, List.of()).rating()).isEqualTo(Rating.ACHIEVED);
    }
}
