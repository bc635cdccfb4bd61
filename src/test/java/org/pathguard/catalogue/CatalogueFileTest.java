package org.pathguard.catalogue;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.lab.StabilityLimit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueFileTest {

    final Catalogue catalogue = CatalogueFile.loadShipped();

    @Test
    void shipsTheCoreBloodSciencePanels() {
        assertThat(catalogue.tests()).extracting(LabTest::code)
                .contains("UE", "LFT", "FBC", "CRP", "TFT", "HBA1C", "TROP", "COAG", "LIPID", "BONE");
    }

    @Test
    void everyNumericAnalyteHasCodesUnitsAndARangeForEveryPatient() {
        for (Analyte a : catalogue.analytes()) {
            assertThat(a.loinc()).as(a.code()).matches("\\d{1,7}-\\d");
            if (!a.numeric()) {
                continue;
            }
            assertThat(a.unit()).as(a.code()).isNotBlank();
            assertThat(a.decimals()).as(a.code()).isNotNull();
            for (Sex sex : Set.of(Sex.MALE, Sex.FEMALE)) {
                for (int age = 0; age <= 110; age++) {
                    int finalAge = age;
                    assertThat(a.ranges().stream().filter(r -> r.appliesTo(sex, finalAge)).count())
                            .as("%s ranges for %s aged %d", a.code(), sex, age).isPositive();
                    assertThat(a.rangeFor(sex, age)).as(a.code()).isPresent();
                }
            }
        }
    }

    @Test
    void turnaroundTargetsFollowPriorityUnlessATestSaysOtherwise() {
        LabTest ue = catalogue.test("UE");
        assertThat(ue.turnaroundMinutes()).containsEntry(Priority.CRITICAL, 60).containsEntry(Priority.URGENT, 240)
                .containsEntry(Priority.ROUTINE, 1440);
        for (LabTest t : catalogue.tests()) {
            assertThat(t.turnaroundMinutes().get(Priority.CRITICAL)).as(t.code())
                    .isLessThanOrEqualTo(t.turnaroundMinutes().get(Priority.URGENT));
            assertThat(t.turnaroundMinutes().get(Priority.URGENT)).as(t.code())
                    .isLessThanOrEqualTo(t.turnaroundMinutes().get(Priority.ROUTINE));
        }
    }

    @Test
    void potassiumHasItsCriticalLimit() {
        Analyte k = catalogue.analyte("K");
        assertThat(k.loinc()).isEqualTo("2823-3");
        assertThat(k.unit()).isEqualTo("mmol/L");
        assertThat(k.critical().high()).isEqualByComparingTo("6.5");
    }

    @Test
    void everyAnalyteOfEveryTestSaysHowLongItsTubeKeepsItAndWhoSaysSo() {
        for (LabTest t : catalogue.tests()) {
            for (String a : t.analytes()) {
                StabilityLimit limit = catalogue.stability(a, t.specimenType()).orElseThrow(() -> new AssertionError(a + " in " + t.specimenType()));
                assertThat(limit.within()).as(a).isPositive();
                assertThat(limit.condition()).as(a).isNotBlank();
                assertThat(limit.source()).as(a).matches(".*(19|20)\\d\\d.*");
            }
        }
    }

    @Test
    void potassiumOnUnspunBloodKeepsHoursWhileGlucoseKeepsDaysOnlyInFluoride() {
        StabilityLimit potassium = catalogue.stability("K", "SER").orElseThrow();
        assertThat(potassium.within()).isEqualTo(Duration.ofHours(4));
        assertThat(potassium.condition()).contains("unspun");
        assertThat(catalogue.stability("GLU", "FLOX").orElseThrow().within()).isEqualTo(Duration.ofDays(3));
        assertThat(catalogue.stability("GLU", "SER").orElseThrow().within()).isEqualTo(Duration.ofHours(1));
        assertThat(catalogue.stability("PT", "CIT").orElseThrow().within()).isGreaterThan(catalogue.stability("APTT", "CIT").orElseThrow().within());
    }

    @Test
    void aTestAnalyteWithoutAStabilityIsRefusedAtLoading() {
        String file = """
                {"specimenTypes": [{"code": "SER", "name": "Serum", "snomed": "1", "container": "Gold"}],
                 "analytes": [{"code": "K", "name": "Potassium", "loinc": "2823-3", "unit": "mmol/L", "kind": "NUMERIC", "decimals": 1,
                               "possible": {"low": 0.5, "high": 15}}],
                 "tests": [{"code": "UE", "name": "U&E", "department": "Biochemistry", "specimenType": "SER", "analytes": ["K"]}]}""";
        assertThatThrownBy(() -> CatalogueFile.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("K of test UE gives no stability in SER");
    }
}
