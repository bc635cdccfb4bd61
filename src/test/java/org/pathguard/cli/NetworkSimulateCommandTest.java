package org.pathguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard network simulate} on the shipped London scenario at two spare levels: every file is there, and
 * the per-day CSVs, the summary and the report tell the same totals, every request accounted for once.
 */
class NetworkSimulateCommandTest {

    @Test
    void londonAtNoneAndTenPercentSpareWritesConsistentFiles(@TempDir Path out) throws Exception {
        DemoAtRestTest.Run run = DemoAtRestTest.run("network", "simulate", "--scenario", "london-2024", "--out", out.toString(), "--spare", "0,10");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("london-2024: 70 days", "| Router, partners 10% spare |", "| As in 2024 (no router) |");
        for (String file : List.of("london-2024-baseline.csv", "london-2024-spare-00.csv", "london-2024-spare-10.csv",
                "london-2024-summary.csv", "london-2024.svg", "london-2024.png", "london-2024-report.md")) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }

        List<Map<String, String>> summary = csv(out.resolve("london-2024-summary.csv"));
        assertThat(summary).extracting(r -> r.get("run") + " " + r.get("spare_pct"))
                .containsExactly("router 00", "router 10", "as-in-2024 ");
        long arrived = Long.parseLong(summary.getFirst().get("arrived"));
        assertThat(arrived).isGreaterThan(1_000_000);
        for (Map<String, String> row : summary) {
            assertThat(row.get("accounts_for_every_request")).isEqualTo("true");
            assertThat(Long.parseLong(row.get("arrived"))).isEqualTo(arrived);
            assertThat(number(row, "done_at_home_on_arrival") + number(row, "done_from_backlog") + number(row, "routed")
                    + number(row, "refused_or_turned_away") + number(row, "backlog_at_end")).isEqualTo(arrived);
        }
        assertThat(number(summary.get(0), "routed")).isZero();
        assertThat(number(summary.get(1), "routed")).isPositive();
        assertThat(number(summary.get(2), "refused_or_turned_away")).isPositive();

        for (Map<String, String> row : summary) {
            String name = row.get("run").equals("router") ? "london-2024-spare-" + row.get("spare_pct") + ".csv" : "london-2024-baseline.csv";
            List<Map<String, String>> days = csv(out.resolve(name));
            assertThat(days).hasSize(70);
            long daysArrived = 0, daysRouted = 0, partnerLoad = 0, refused = 0, routineDeferred = 0;
            for (Map<String, String> day : days) {
                for (String priority : List.of("critical", "urgent", "routine")) {
                    daysArrived += number(day, priority + "_arrived");
                    daysRouted += number(day, priority + "_routed");
                    refused += number(day, priority + "_refused");
                }
                routineDeferred += number(day, "routine_deferred");
                partnerLoad += day.entrySet().stream().filter(e -> e.getKey().startsWith("partner_")).mapToLong(e -> Long.parseLong(e.getValue())).sum();
            }
            assertThat(daysArrived).as(name).isEqualTo(arrived);
            assertThat(daysRouted).as(name).isEqualTo(number(row, "routed")).isEqualTo(partnerLoad);
            assertThat(refused).as(name).isEqualTo(number(row, "refused_or_turned_away"));
            assertThat(routineDeferred).as(name).isEqualTo(number(row, "routine_deferred"));
            assertThat(number(days.getLast(), "backlog")).as(name).isEqualTo(number(row, "backlog_at_end"));
        }

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("london-2024.svg").toFile());
        assertThat(svg.getDocumentElement().getAttribute("role")).isEqualTo("img");
        assertThat(svg.getElementsByTagName("polyline").getLength()).isGreaterThanOrEqualTo(9);
        BufferedImage png = ImageIO.read(out.resolve("london-2024.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1960);
        assertThat(Files.readString(out.resolve("london-2024-report.md")))
                .contains("## Headline", "as in 2024", "Sources:", "london-2024.png", "interpolated");
    }

    @Test
    void aScenarioThatCannotBeRunIsRefusedInWordsAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("broken.json");
        Files.writeString(scenario, "{\"name\": \"broken\", \"days\": 0}");
        Path out = dir.resolve("out");

        PrintStream original = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = PathGuardCommand.run("network", "simulate", "--scenario", scenario.toString(), "--out", out.toString());
        } finally {
            System.setErr(original);
        }

        assertThat(code).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("cannot be run", "days must be from 1 to 3660", "it has no outage");
        assertThat(out).doesNotExist();
    }

    private static long number(Map<String, String> row, String column) {
        String value = row.get(column);
        assertThat(value).as(column).isNotNull();
        return Long.parseLong(value);
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.getFirst().split(",", -1);
        return lines.stream().skip(1).map(line -> {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSameSizeAs(header);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            return row;
        }).toList();
    }
}
