package org.pathguard.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a spreadsheet opening an export would run or split must reach it as plain text. */
class CsvCellTest {

    @Test
    void formulasAreNeutralisedAndNumbersKept() {
        assertThat(Exports.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(Exports.cell("+44 20")).isEqualTo("'+44 20");
        assertThat(Exports.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Exports.cell("-cmd")).isEqualTo("'-cmd");
        assertThat(Exports.cell("-2.5")).as("a negative result stays a number").isEqualTo("-2.5");
        assertThat(Exports.cell("O'Brien, Mary")).isEqualTo("\"O'Brien, Mary\"");
        assertThat(Exports.cell("5.2")).isEqualTo("5.2");
        assertThat(Exports.cell("O Pos\r=cmd")).as("a carriage return cannot start a new row").isEqualTo("\"O Pos\r=cmd\"");
    }
}
