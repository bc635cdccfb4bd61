package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which analytes of a tube are too old to measure: from collection, per specimen type, a tube at its limit still in time. */
class StabilityTest {

    static Analyte analyte(String code, String name) {
        return new Analyte(code, name, "1-1", "mmol/L", true, 1, List.of(), null, null,
                new PossibleRange(BigDecimal.ZERO, BigDecimal.TEN), List.of());
    }

    static final Map<Priority, Integer> TARGETS = Map.of(Priority.CRITICAL, 60, Priority.URGENT, 240, Priority.ROUTINE, 1440);
    static final List<SpecimenType> TYPES = List.of(new SpecimenType("SER", "Serum", "1", "Gold"),
            new SpecimenType("FLOX", "Fluoride oxalate plasma", "2", "Grey"));

    final Catalogue catalogue = new Catalogue(TYPES,
            List.of(analyte("K", "Potassium"), analyte("NA", "Sodium"), analyte("GLU", "Glucose")),
            List.of(new LabTest("UE", "U&E", "Biochemistry", false, "SER", List.of("NA", "K"), TARGETS, 0),
                    new LabTest("GLU", "Glucose", "Biochemistry", false, "FLOX", List.of("GLU"), TARGETS, 0)),
            List.of(new StabilityLimit("K", "SER", Duration.ofHours(4), "on unspun clotted blood at room temperature", "Harper 2016"),
                    new StabilityLimit("NA", "SER", Duration.ofHours(24), "on unspun clotted blood at room temperature", "Oddoze 2012"),
                    new StabilityLimit("GLU", "FLOX", Duration.ofHours(72), "in a fluoride oxalate tube", "Clin Chem 1989"),
                    new StabilityLimit("GLU", "SER", Duration.ofHours(1), "on unspun clotted blood, no preservative", "Bonetti 2016")));

    static final Instant TAKEN = Instant.parse("2026-06-03T08:00:00Z");

    @Test
    void potassiumOnUnspunBloodIsPastAfterFourHoursWhileSodiumIsNot() {
        List<Stability.Lapse> past = Stability.pastAt(catalogue, "SER", List.of("NA", "K"), TAKEN, TAKEN.plus(Duration.ofMinutes(241)));

        assertThat(past).extracting(Stability.Lapse::analyte).containsExactly("K");
        assertThat(past.getFirst().pastSince()).isEqualTo(TAKEN.plus(Duration.ofHours(4)));
        assertThat(Stability.words(past)).isEqualTo("Potassium (4 h on unspun clotted blood at room temperature)");
    }

    @Test
    void aTubeExactlyAtItsLimitIsStillInTime() {
        assertThat(Stability.pastAt(catalogue, "SER", List.of("K"), TAKEN, TAKEN.plus(Duration.ofHours(4)))).isEmpty();
        assertThat(Stability.pastAt(catalogue, "SER", List.of("NA", "K"), TAKEN, TAKEN.plus(Duration.ofHours(25))))
                .extracting(Stability.Lapse::analyte).containsExactly("NA", "K");
    }

    @Test
    void theSameAnalyteLastsAsLongAsItsTubeKeepsIt() {
        Instant sixHoursOn = TAKEN.plus(Duration.ofHours(6));
        assertThat(Stability.pastAt(catalogue, "FLOX", List.of("GLU"), TAKEN, sixHoursOn)).as("fluoride keeps glucose 3 days").isEmpty();
        assertThat(Stability.pastAt(catalogue, "SER", List.of("GLU"), TAKEN, sixHoursOn)).as("cells use glucose up in serum")
                .extracting(Stability.Lapse::analyte).containsExactly("GLU");
    }

    @Test
    void aTubeIsForTheAnalytesOfTheTestsThatUseItsType() {
        assertThat(Stability.analytesOf(catalogue, List.of("UE", "GLU"), "SER")).containsExactly("NA", "K");
        assertThat(Stability.analytesOf(catalogue, List.of("UE", "GLU"), "FLOX")).containsExactly("GLU");
        assertThat(Stability.analytesOf(catalogue, List.of("GLU"), "SER")).isEmpty();
    }

    @Test
    void aLimitMustBePositiveAndSayHowTheTubeIsKeptAndWhoSaysSo() {
        assertThatThrownBy(() -> new StabilityLimit("K", "SER", Duration.ZERO, "unspun", "Harper")).hasMessageContaining("positive");
        assertThatThrownBy(() -> new StabilityLimit("K", "SER", Duration.ofHours(4), "unspun", " ")).hasMessageContaining("where the figure comes from");
        assertThat(new StabilityLimit("K", "SER", Duration.ofMinutes(90), "c", "s").withinWords()).isEqualTo("1 h 30 min");
        assertThat(new StabilityLimit("K", "SER", Duration.ofHours(72), "c", "s").withinWords()).isEqualTo("3 days");
    }

    @Test
    void aCatalogueRefusesTwoLimitsForOneTubeOrALimitForAnUnknownAnalyte() {
        StabilityLimit k = new StabilityLimit("K", "SER", Duration.ofHours(4), "c", "s");
        assertThatThrownBy(() -> new Catalogue(TYPES, List.of(analyte("K", "Potassium")), List.of(), List.of(k, k)))
                .hasMessageContaining("Two stability limits for K in SER");
        assertThatThrownBy(() -> new Catalogue(TYPES, List.of(), List.of(), List.of(k))).hasMessageContaining("unknown analyte K");
    }
}
