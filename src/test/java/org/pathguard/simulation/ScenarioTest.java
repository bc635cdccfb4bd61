package org.pathguard.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.lab.Priority;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scenario file: the shipped London one as the issue describes it, and files that cannot be run refused in words. */
class ScenarioTest {

    @Test
    void londonIsAHubOfAboutAHundredThousandTestsADayOnThePublishedCapacityCurve() {
        Scenario london = Scenario.load("london-2024");

        double requestsPerWeekday = london.demand().stream().mapToDouble(Scenario.Demand::perWeekday).sum();
        assertThat(requestsPerWeekday * london.testsPerRequest().value()).isEqualTo(100_000.0);
        assertThat(london.outage().shares()).containsExactly(0.10, 0.275, 0.45, 0.54);
        assertThat(london.outage().share(0)).isEqualTo(0.10);
        assertThat(london.outage().share(20)).isEqualTo(0.45);
        assertThat(london.outage().share(27)).isEqualTo(0.54);
        assertThat(london.outage().share(28)).isEqualTo(1.0);
        assertThat(london.outage().why()).contains("interpolated");
        assertThat(london.partnerSpareShare().value()).containsExactly(0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30);
        assertThat(london.baseline().allowances()).containsExactly(new Scenario.Allowance("GP", 400, List.of(Priority.CRITICAL, Priority.URGENT)));
        assertThat(london.startDate()).isEqualTo(LocalDate.of(2024, 6, 3));
        assertThat(london.problems()).isEmpty();
    }

    @Test
    void anAssumptionWithoutItsReasonIsRefused() throws IOException {
        String json = london().replaceFirst("\"why\": \"Emergency departments[^\"]*\"", "\"why\": \"\"");

        assertThatThrownBy(() -> Scenario.read(stream(json), "edited"))
                .isInstanceOf(Scenario.Invalid.class)
                .hasMessageContaining("demand ED states no reason (why)");
    }

    @Test
    void aMisspeltFieldIsRefusedRatherThanTakenAsADefault() throws IOException {
        String json = london().replaceFirst("\"afterShare\"", "\"afterShares\"");

        assertThatThrownBy(() -> Scenario.read(stream(json), "edited"))
                .isInstanceOf(Scenario.Invalid.class)
                .hasMessageContaining("not valid JSON of a scenario").hasMessageContaining("afterShares");
    }

    @Test
    void figuresThatCannotBeRunAreListedTogether() throws IOException {
        String json = london().replaceFirst("\"days\": 70", "\"days\": 10")
                .replaceFirst("\"CRITICAL\": 0.5,\\s*\"URGENT\": 0.5", "\"CRITICAL\": 0.5, \"URGENT\": 0.6");

        assertThatThrownBy(() -> Scenario.read(stream(json), "edited"))
                .isInstanceOf(Scenario.Invalid.class)
                .hasMessageContaining("the outage must lie within the 10 simulated days")
                .hasMessageContaining("demand ED: priorityShares must be shares summing to 1");
    }

    @Test
    void aFileAskingForMoreThanItsBoundsIsRefusedBeforeAnythingIsDrawn(@TempDir Path dir) throws IOException {
        String json = london().replaceFirst("\"days\": 70", "\"days\": 100000");
        assertThatThrownBy(() -> Scenario.read(stream(json), "edited"))
                .isInstanceOf(Scenario.Invalid.class).hasMessageContaining("days must be from 1 to 3660");
        String emptyLab = london().replaceFirst("\"labs\": \\[", "\"labs\": [null, ");
        assertThatThrownBy(() -> Scenario.read(stream(emptyLab), "edited"))
                .isInstanceOf(Scenario.Invalid.class).hasMessageContaining("labs must list 1 to 50 labs, none empty");

        Path large = dir.resolve("large.json");
        Files.writeString(large, london() + " ".repeat((int) Scenario.MAX_FILE_BYTES));
        assertThatThrownBy(() -> Scenario.load(large.toString()))
                .isInstanceOf(Scenario.Invalid.class).hasMessageContaining("is over 1024 KiB");
    }

    @Test
    void anUnknownScenarioNamesTheShippedOnes() {
        assertThatThrownBy(() -> Scenario.load("paris-2031"))
                .isInstanceOf(Scenario.Invalid.class)
                .hasMessageContaining("london-2024");
    }

    private static String london() throws IOException {
        try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/london-2024.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
