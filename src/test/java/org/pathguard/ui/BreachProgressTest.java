package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.pathguard.breach.ScanStatus;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The breach scan's progress bar in words: how far, how fast, how long to go. */
class BreachProgressTest {

    @Test
    void aRunningScanSaysHowFarHowFastAndHowLongToGo() {
        BreachScreen.Progress p = BreachScreen.Progress.of(new ScanStatus(50_000_000, 200_000_000, 3, 10, 123.45,
                Duration.ofSeconds(90), "shared/letters.zip"));
        assertThat(p.permille()).isEqualTo(250);
        assertThat(p.done()).isEqualTo("50.0 MB of 200.0 MB, 3 of 10 files");
        assertThat(p.rate()).isEqualTo("123.5 MB/s");
        assertThat(p.timeLeft()).isEqualTo("2 min left");
        assertThat(p.current()).isEqualTo("shared/letters.zip");
        assertThat(BreachScreen.Progress.of(new ScanStatus(400_000_000_000L, 400_000_000_000L, 9, 9, 300, Duration.ofMinutes(125), null))
                .done()).isEqualTo("400.0 GB of 400.0 GB, 9 of 9 files");
        assertThat(BreachScreen.Progress.of(new ScanStatus(0, 1, 0, 1, 0, Duration.ofMinutes(125), null)).timeLeft()).isEqualTo("2 h 5 min left");
        assertThat(BreachScreen.Progress.of(new ScanStatus(0, 1, 0, 1, 0, Duration.ofSeconds(5), null)).timeLeft()).isEqualTo("under a minute left");
    }

    @Test
    void beforeTheFirstFigureAndWithoutARateItSaysSo() {
        assertThat(BreachScreen.Progress.of(null).done()).isEqualTo("Finding the files to read…");
        BreachScreen.Progress noRate = BreachScreen.Progress.of(new ScanStatus(0, 0, 0, 0, 0, null, null));
        assertThat(noRate.permille()).isZero();
        assertThat(noRate.timeLeft()).isEqualTo("working out the time left");
    }
}
