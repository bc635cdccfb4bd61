package org.pathguard.ui;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.sitrep.BacklogPoint;
import org.pathguard.sitrep.CapacityDay;
import org.pathguard.sitrep.TurnaroundFigure;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pathguard.ui.ParsedSvg.number;

/** The sitrep's charts: safe, described in words, every mark labelled with its figure, nothing read by colour alone. */
class SitrepChartsTest {

    static final LocalDate MONDAY = LocalDate.of(2026, 6, 1);

    static final List<CapacityDay> WEEK = List.of(
            new CapacityDay(MONDAY, 41, new BigDecimal("407.3"), 10), new CapacityDay(MONDAY.plusDays(1), 183, new BigDecimal("407.3"), 45),
            new CapacityDay(MONDAY.plusDays(2), 220, new BigDecimal("407.3"), 54), new CapacityDay(MONDAY.plusDays(3), 0, BigDecimal.ZERO, null),
            new CapacityDay(MONDAY.plusDays(4), 500, new BigDecimal("400"), 125));

    @Test
    void capacityBarsAreProportionalAgainstALabelledNormalLine() {
        ParsedSvg svg = ParsedSvg.parse(SitrepCharts.capacity("cap", WEEK)).assertSafeAndAccessible();

        assertThat(svg.title()).isEqualTo("Capacity as a share of normal");
        assertThat(svg.texts("bar-value")).containsExactly("10%", "45%", "54%", "no normal", "125%");
        assertThat(svg.texts("tick-x")).containsExactly("Mon 1 Jun", "Tue 2 Jun", "Wed 3 Jun", "Thu 4 Jun", "Fri 5 Jun");
        assertThat(svg.texts("normal-label")).containsExactly("normal (100%)");
        assertThat(svg.description()).contains("Mon 1 Jun: 41 tests performed against a normal of 407.3, 10% of normal",
                "Thu 4 Jun: 0 tests performed against a normal of 0, no normal to compare with");
        // The day with no normal has no bar (a bar at 0 would read as "nothing done").
        List<Element> bars = svg.withClass("bar");
        assertThat(bars).hasSize(4);
        double zero = number(svg.withClass("gridline").getFirst(), "y1");
        double normal = number(svg.withClass("normal-line").getFirst(), "y1");
        double full = zero - normal;
        assertThat(number(bars.get(0), "height")).isCloseTo(full * 0.10, within(0.02));
        assertThat(number(bars.get(1), "height")).isCloseTo(full * 0.45, within(0.02));
        assertThat(number(bars.get(3), "height")).isCloseTo(full * 1.25, within(0.02));
    }

    @Test
    void backlogDrawsTwoLinesTellingThemApartByDashAndShapeAndSaysWhatItCannotKnow() {
        Instant t = Instant.parse("2026-06-01T23:00:00Z");
        ParsedSvg both = ParsedSvg.parse(SitrepCharts.backlog("b", List.of(new BacklogPoint(t, 10, 300),
                new BacklogPoint(t.plus(Duration.ofDays(1)), 40, 900), new BacklogPoint(t.plus(Duration.ofDays(2)), 25, 650))))
                .assertSafeAndAccessible();
        assertThat(both.withClass("received-not-reported").stream().filter(e -> e.getLocalName().equals("circle"))).hasSize(3);
        assertThat(both.withClass("deferred").stream().filter(e -> e.getLocalName().equals("rect"))).hasSize(3);
        assertThat(both.withClass("deferred").stream().filter(e -> e.getLocalName().equals("polyline")).findFirst().orElseThrow()
                .getAttribute("stroke-dasharray")).isNotBlank();
        assertThat(both.texts("end-label")).containsExactly("650 received, not reported", "25 deferred");
        assertThat(both.texts("legend")).containsExactly("Received, not reported (solid, circles)", "Deferred (dashed, squares)");
        assertThat(both.description()).contains("at most 900");

        ParsedSvg lab = ParsedSvg.parse(SitrepCharts.backlog("b", List.of(new BacklogPoint(t, null, 3), new BacklogPoint(t.plusSeconds(3600), null, 5))))
                .assertSafeAndAccessible();
        assertThat(lab.withClass("deferred")).isEmpty();
        assertThat(lab.texts("legend")).contains("Deferred: not known here");
        assertThat(lab.description()).endsWith("Deferred: not known here.");
    }

    @Test
    void turnaroundShowsEachSettingsPercentilesAgainstItsTargetAndUnacceptableMarksInWords() {
        ParsedSvg svg = ParsedSvg.parse(SitrepCharts.turnaround("t", List.of(
                new TurnaroundFigure(RequesterSetting.ED, 17, Duration.ofMinutes(48), Duration.ofMinutes(100), Duration.ofMinutes(150), 9, 4),
                new TurnaroundFigure(RequesterSetting.GP, 30, Duration.ofHours(20), Duration.ofHours(30), Duration.ofHours(40), 12, 0),
                new TurnaroundFigure(null, 2, Duration.ofHours(3), Duration.ofHours(5), Duration.ofHours(5), 0, 0),
                new TurnaroundFigure(RequesterSetting.WARD, 0, null, null, null, 0, 0)))).assertSafeAndAccessible();

        assertThat(svg.texts("setting-label")).as("a setting with nothing reported has no row")
                .containsExactly("Emergency department", "GP practice", "Setting not recorded");
        assertThat(svg.texts("percentile-label")).contains("median 48 min, within target", "90th 1 h 40 min, beyond target",
                "95th 2 h 30 min, beyond unacceptable", "median 20 h 00 min, within target", "90th 30 h 00 min, beyond target",
                "median 3 h 00 min");
        assertThat(svg.texts("target-label")).containsExactly("target 1 h 00 min", "target 24 h 00 min");
        assertThat(svg.texts("unacceptable-label")).containsExactly("unacceptable 2 h 00 min", "unacceptable 48 h 00 min");
        assertThat(svg.texts("limit-label")).containsExactly("No target: the requester's setting is not recorded");
        // On the ED's row, 2 h (unacceptable) sits at twice the distance of 1 h (the target) from the start.
        double start = number(svg.withClass("percentile").getFirst(), "x");
        double target = number(svg.withClass("target").getFirst(), "x1") - start;
        double unacceptable = number(svg.withClass("unacceptable").getFirst(), "x1") - start;
        assertThat(unacceptable).isCloseTo(2 * target, within(0.05));
        assertThat(svg.description()).contains("Emergency department: 17 reported, median 48 min", "4 beyond unacceptable");
    }

    @Test
    void emptyPeriodsSayItInWords() {
        assertThat(ParsedSvg.parse(SitrepCharts.capacity("c", List.of())).assertSafeAndAccessible().texts("empty"))
                .containsExactly("No days in this period");
        assertThat(ParsedSvg.parse(SitrepCharts.turnaround("t", List.of(new TurnaroundFigure(RequesterSetting.ED, 0, null, null, null, 0, 0))))
                .texts("empty")).containsExactly("Nothing reported in this period");
        assertThat(ParsedSvg.parse(SitrepCharts.backlog("b", List.of())).texts("empty")).containsExactly("No backlog points in this period");
    }
}
