package org.pathguard.drill;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** serve refuses to start a drill schedule it could not keep, rather than failing quietly every week. */
class DrillScheduleTest {

    @Test
    void aScheduleWithoutABackupRepositoryOrWithoutAPositivePeriodIsRefusedAtStart() {
        assertThatThrownBy(() -> new DrillSchedule(null, InstantSource.system(), Duration.ofDays(7), " "))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no backup repository to drill from");
        assertThatThrownBy(() -> new DrillSchedule(null, InstantSource.system(), Duration.ZERO, "/backups"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be a positive period");
        assertThatThrownBy(() -> new DrillSchedule(null, InstantSource.system(), Duration.ofDays(-1), "/backups"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be a positive period");
    }
}
