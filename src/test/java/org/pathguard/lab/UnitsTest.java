package org.pathguard.lab;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 item 11: units on screens and printed reports as people write them; UCUM stays in the interfaces. */
class UnitsTest {

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(delimiter = '|', value = {
            "10*9/L|×10⁹/L",
            "10*12/L|×10¹²/L",
            "10^9/L|×10⁹/L",
            "10*-3|×10⁻³",
            "{ratio}|ratio",
            "{cells}/uL|cells/µL",
            "umol/L|µmol/L",
            "ug/L|µg/L",
            "mU/L|mU/L",
            "U/L|U/L",
            "[IU]/L|IU/L",
            "mL/min/{1.73_m2}|mL/min/1.73 m²",
            "mmol/mol|mmol/mol",
            "L/L|L/L",
            "fL|fL",
            "pg|pg",
            "s|s",
            "%|%",
            "mm/h|mm/h"})
    void writesUcumAsALabWritesIt(String ucum, String written) {
        assertThat(Units.written(ucum)).isEqualTo(written);
    }

    @Test
    void noUnitIsWrittenAsNothing() {
        assertThat(Units.written(null)).isEmpty();
        assertThat(Units.written(" ")).isEmpty();
    }

    @Test
    void everyUnitInTheShippedCatalogueIsWrittenWithoutUcumSyntax() {
        org.pathguard.catalogue.CatalogueFile.loadShipped().analytes().forEach(a ->
                assertThat(Units.written(a.unit())).as(a.code() + " " + a.unit()).doesNotContain("*", "{", "}", "[", "^"));
    }
}
