package org.pathguard.drill;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a restored copy's counts are judged against the live lab's, without a lab. */
class CountComparisonTest {

    @Test
    void whereTheLiveLogStandsWhereTheBackupEndsEveryCountMustBeEqual() {
        assertThat(new CountComparison(120, Map.of("patient", 30L, "result", 400L), 120, Map.of("patient", 30L, "result", 400L))
                .disagreements()).isEmpty();
        assertThat(new CountComparison(120, Map.of("patient", 30L), 120, Map.of("patient", 29L)).disagreements())
                .containsExactly("patient: the restored copy holds 29 rows, the lab 30");
    }

    @Test
    void aLabThatMovedOnMayHoldMoreButNeverLessThanTheCopy() {
        CountComparison behind = new CountComparison(150, Map.of("patient", 33L), 120, Map.of("patient", 30L));
        assertThat(behind.disagreements()).isEmpty();
        assertThat(behind.summary()).isEqualTo("patient 30 of 33 (the lab has recorded 30 events since the backup)");
        assertThat(new CountComparison(150, Map.of("patient", 33L), 120, Map.of("patient", 34L)).disagreements())
                .containsExactly("patient: the restored copy holds 34 rows, the lab 33");
    }

    @Test
    void aBackupLongerThanTheLabsLogOrATableNotCountedDisagrees() {
        assertThat(new CountComparison(100, Map.of("patient", 30L), 120, Map.of("patient", 30L)).disagreements())
                .contains("the backup holds 120 events but the lab only 100");
        assertThat(new CountComparison(120, Map.of("patient", 30L), 120, Map.of()).disagreements())
                .containsExactly("patient was not counted in the restored copy");
    }
}
