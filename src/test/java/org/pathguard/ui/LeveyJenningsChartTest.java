package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.pathguard.ui.LeveyJenningsChart.Point;
import org.w3c.dom.Element;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pathguard.ui.ParsedSvg.centre;
import static org.pathguard.ui.ParsedSvg.childTitle;
import static org.pathguard.ui.ParsedSvg.number;
import static org.pathguard.ui.ParsedSvg.points;

class LeveyJenningsChartTest {

    static final String HOSTILE = "<script>alert(1)</script> & \"x\" 'y'";
    static final String TITLE = "Potassium on Chemistry 1";

    /** Five runs of two levels; run 4 warns (1-2s on Level 1), run 5 is rejected (2-2s within the run). */
    static final List<Point> RUNS = List.of(
            point("2026-03-02T08:00:00Z", "Level 1", 0.4), point("2026-03-02T08:00:00Z", "Level 2", -0.6),
            point("2026-03-03T08:00:00Z", "Level 1", 1.5), point("2026-03-03T08:00:00Z", "Level 2", -1.2),
            point("2026-03-04T08:00:00Z", "Level 1", -0.3), point("2026-03-04T08:00:00Z", "Level 2", 0.9),
            new Point(at("2026-03-05T08:00:00Z"), "Level 1", 2.4, List.of("1-2s"), false),
            point("2026-03-05T08:00:00Z", "Level 2", 0.2),
            new Point(at("2026-03-06T08:00:00Z"), "Level 1", 2.6, List.of("1-2s", "2-2s"), true),
            new Point(at("2026-03-06T08:00:00Z"), "Level 2", 2.2, List.of("2-2s"), true));

    @Test
    void isWellFormedAccessibleSvgWithoutStylesOrScripts() {
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k-qc", TITLE, RUNS)).assertSafeAndAccessible();

        assertThat(svg.root.getAttribute("role")).isEqualTo("img");
        assertThat(svg.root.getAttribute("aria-labelledby")).isEqualTo("k-qc-title k-qc-desc");
        assertThat(svg.title()).isEqualTo("Potassium on Chemistry 1 QC (Levey-Jennings)");
        assertThat(svg.texts("chart-heading")).containsExactly("Potassium on Chemistry 1 QC (Levey-Jennings)");
    }

    @Test
    void describesTheRunsAndTheRulesBrokenInWords() {
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, RUNS));
        ParsedSvg clean = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, RUNS.subList(0, 2)));

        assertThat(svg.description()).isEqualTo("5 QC runs from 2 Mar 2026 to 6 Mar 2026; materials Level 1, Level 2; "
                + "rules broken: 1-2s, 2-2s; 1 run rejected; 1 run with a warning; latest run 6 Mar 2026 08:00: rejected (1-2s, 2-2s).");
        assertThat(clean.description()).isEqualTo("1 QC run on 2 Mar 2026; materials Level 1, Level 2; no Westgard rule broken; "
                + "latest run 2 Mar 2026 08:00: no rule broken.");
    }

    @Test
    void linesAtTheMeanAndOneTwoAndThreeSdEitherSideAreLabelled() {
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, RUNS));
        Map<Integer, Double> lines = sdLines(svg);

        assertThat(lines.keySet()).containsExactly(-3, -2, -1, 0, 1, 2, 3);
        assertThat(svg.texts("sd-label")).containsExactly("+3 SD", "+2 SD", "+1 SD", "Mean", "-1 SD", "-2 SD", "-3 SD");
        double perSd = lines.get(0) - lines.get(1);
        assertThat(perSd).isPositive();
        for (int sd = -3; sd <= 3; sd++) {
            assertThat(lines.get(sd)).isCloseTo(lines.get(0) - sd * perSd, within(0.02));
        }
        // The scale runs from -4 to +4 SD: the plot's edges are one SD beyond the outer lines.
        assertThat(number(single(svg.withClass("axis")), "y1")).isCloseTo(lines.get(3) - perSd, within(0.02));
        assertThat(number(single(svg.withClass("axis")), "y2")).isCloseTo(lines.get(-3) + perSd, within(0.02));
        for (Element label : svg.withClass("sd-label")) {
            int sd = Integer.parseInt(label.getAttribute("data-sd"));
            assertThat(number(label, "y")).isCloseTo(lines.get(sd) + 4, within(0.02));
        }
    }

    @Test
    void eachResultSitsAtItsSdsBetweenTheLines() {
        List<Point> points = List.of(point("2026-03-02T08:00:00Z", "Level 1", 0), point("2026-03-03T08:00:00Z", "Level 1", 1.5),
                point("2026-03-04T08:00:00Z", "Level 1", -2.5), point("2026-03-05T08:00:00Z", "Level 1", 3.2),
                point("2026-03-06T08:00:00Z", "Level 1", -1));
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, points));
        Map<Integer, Double> lines = sdLines(svg);
        List<Double> ys = svg.withClass("marker").stream().map(m -> centre(m)[1]).toList();
        List<Double> xs = svg.withClass("marker").stream().map(m -> centre(m)[0]).toList();

        assertThat(ys.get(0)).isCloseTo(lines.get(0), within(0.02));
        assertThat(ys.get(1)).isLessThan(lines.get(1)).isGreaterThan(lines.get(2))
                .isCloseTo((lines.get(1) + lines.get(2)) / 2, within(0.02));
        assertThat(ys.get(2)).isGreaterThan(lines.get(-2)).isLessThan(lines.get(-3))
                .isCloseTo((lines.get(-2) + lines.get(-3)) / 2, within(0.02));
        assertThat(ys.get(3)).isLessThan(lines.get(3)).isCloseTo(lines.get(3) - 0.2 * (lines.get(2) - lines.get(3)), within(0.02));
        assertThat(ys.get(4)).isCloseTo(lines.get(-1), within(0.02));
        assertThat(xs).isSorted();
        assertThat(xs.getLast() - xs.getFirst()).isCloseTo(4 * (xs.get(1) - xs.get(0)), within(0.02));
    }

    @Test
    void eachMaterialHasItsOwnShapeColourLineAndLegendEntry() {
        List<Point> shuffled = new ArrayList<>(RUNS);
        Collections.reverse(shuffled);
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, shuffled));
        List<Element> level1 = svg.withClass("marker").stream().filter(m -> m.getAttribute("class").contains("material-0")).toList();
        List<Element> level2 = svg.withClass("marker").stream().filter(m -> m.getAttribute("class").contains("material-1")).toList();

        assertThat(level1).hasSize(5).allSatisfy(m -> assertThat(m.getLocalName()).isEqualTo("circle"));
        assertThat(level2).hasSize(5).allSatisfy(m -> assertThat(m.getLocalName()).isEqualTo("polygon"));
        assertThat(level1.getFirst().getAttribute("fill")).isNotEqualTo(level2.getFirst().getAttribute("fill"));
        assertThat(level1).allSatisfy(m -> assertThat(childTitle((Element) m.getParentNode())).startsWith("Level 1, "));
        assertThat(level2).allSatisfy(m -> assertThat(childTitle((Element) m.getParentNode())).startsWith("Level 2, "));

        List<Element> series = svg.withClass("series");
        assertThat(series).hasSize(2);
        // Joined in time order whatever order the results came in: the line passes through the markers left to right.
        assertThat(points(series.get(0)).stream().map(p -> p[0]).toList()).isSorted()
                .containsExactlyElementsOf(level1.stream().map(m -> centre(m)[0]).toList());
        assertThat(points(series.get(0)).stream().map(p -> p[1]).toList())
                .containsExactlyElementsOf(level1.stream().map(m -> centre(m)[1]).toList());
        assertThat(points(series.get(1)).stream().map(p -> p[1]).toList())
                .containsExactlyElementsOf(level2.stream().map(m -> centre(m)[1]).toList());
        assertThat(series.get(0).getAttribute("stroke")).isEqualTo(level1.getFirst().getAttribute("fill"));

        assertThat(svg.withClass("legend-material")).extracting(Element::getLocalName).containsExactly("circle", "polygon");
        assertThat(svg.texts("legend-label")).startsWith("Level 1", "Level 2");
    }

    @Test
    void violationsAreRingedAndLabelledRejectionsApartFromWarnings() {
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, RUNS));
        List<Element> rejected = svg.withClass("violation-ring").stream().filter(r -> r.getAttribute("class").contains("rejected")).toList();
        List<Element> warnings = svg.withClass("violation-ring").stream().filter(r -> r.getAttribute("class").contains("warning")).toList();

        assertThat(svg.withClass("violation-ring")).hasSize(3);
        assertThat(rejected).hasSize(2).allSatisfy(ring -> {
            assertThat(ring.getAttribute("stroke")).isEqualTo(Svg.RED);
            assertThat(ring.hasAttribute("stroke-dasharray")).isFalse();
        });
        assertThat(warnings).singleElement().satisfies(ring -> {
            assertThat(ring.getAttribute("stroke")).isNotEqualTo(Svg.RED);
            assertThat(ring.getAttribute("stroke-dasharray")).isNotBlank();
        });
        // Each ring is around its result, and its run's rules are labelled just above it.
        for (Element ring : svg.withClass("violation-ring")) {
            Element marker = childWithClass((Element) ring.getParentNode(), "marker");
            assertThat(number(ring, "cx")).isCloseTo(centre(marker)[0], within(0.02));
            assertThat(number(ring, "cy")).isCloseTo(centre(marker)[1], within(0.02));
            assertThat(svg.withClass("rule-label")).anySatisfy(label -> {
                assertThat(number(label, "x")).isCloseTo(centre(marker)[0], within(0.02));
                assertThat(centre(marker)[1] - number(label, "y")).isBetween(0.0, 30.0);
            });
        }
        assertThat(svg.texts("rule-label")).containsExactly("1-2s", "1-2s, 2-2s");
        assertThat(svg.withClass("rule-label")).extracting(label -> label.getAttribute("fill")).containsExactly(Svg.TEXT, Svg.RED);
        assertThat(svg.withClass("qc-point")).filteredOn(g -> childTitle(g).startsWith("Level 1, 2 Mar"))
                .singleElement().satisfies(g -> assertThat(g.getElementsByTagNameNS("*", "circle").getLength()).isEqualTo(1));
        assertThat(svg.texts("legend-label")).contains("Rule broken, run rejected", "Rule broken, warning only");
        assertThat(svg.withClass("legend-rejected")).hasSize(1);
        assertThat(svg.withClass("legend-warning")).hasSize(1);
    }

    @Test
    void eachResultHasATooltipInLondonTime() {
        // 1 July is summer time: 09:30 UTC is 10:30 in London.
        List<Point> points = List.of(new Point(at("2026-07-01T09:30:00Z"), "Level 2", -2.346, List.of("1-2s"), false),
                new Point(at("2026-07-01T09:30:00Z"), "Level 1", 3.5, List.of("1-3s"), true),
                point("2026-01-15T09:30:00Z", "Level 1", 0.1));
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, points));

        assertThat(svg.withClass("qc-point")).map(ParsedSvg::childTitle).containsExactlyInAnyOrder(
                "Level 2, 1 Jul 2026 10:30: -2.35 SD; 1-2s; warning",
                "Level 1, 1 Jul 2026 10:30: +3.50 SD; 1-3s; run rejected",
                "Level 1, 15 Jan 2026 09:30: +0.10 SD");
    }

    @Test
    void resultsBeyondFourSdSitOnTheEdgeMarkedOffTheScale() {
        List<Point> points = List.of(new Point(at("2026-03-02T08:00:00Z"), "Level 1", 6.2, List.of("1-3s"), true),
                new Point(at("2026-03-03T08:00:00Z"), "Level 1", -5, List.of("1-3s"), true),
                point("2026-03-04T08:00:00Z", "Level 1", 4),
                new Point(at("2026-03-05T08:00:00Z"), "Level 1", 4.5, List.of("1-3s", "R-4s"), true),
                new Point(at("2026-03-05T08:00:00Z"), "Level 2", -4.5, List.of("1-3s", "R-4s"), true));
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, points)).assertSafeAndAccessible();
        Element axis = single(svg.withClass("axis"));
        List<Element> markers = svg.withClass("marker");
        List<Element> arrows = svg.withClass("off-scale-arrow").subList(0, 2);

        assertThat(centre(markers.get(0))[1]).isCloseTo(number(axis, "y1"), within(0.02));
        assertThat(centre(markers.get(1))[1]).isCloseTo(number(axis, "y2"), within(0.02));
        assertThat(centre(markers.get(2))[1]).isCloseTo(number(axis, "y1"), within(0.02));
        assertThat(svg.withClass("off-scale")).hasSize(4);
        assertThat(svg.withClass("off-scale-arrow")).hasSize(4);
        // The arrows point out of the plot, above the top for high results and below the bottom for low ones.
        assertThat(points(arrows.get(0))).allSatisfy(p -> assertThat(p[1]).isLessThan(number(axis, "y1")));
        assertThat(points(arrows.get(0)).getFirst()[1]).isLessThan(points(arrows.get(0)).get(1)[1]);
        assertThat(points(arrows.get(1))).allSatisfy(p -> assertThat(p[1]).isGreaterThan(number(axis, "y2")));
        assertThat(points(arrows.get(1)).getFirst()[1]).isGreaterThan(points(arrows.get(1)).get(1)[1]);
        assertThat(childTitle(svg.withClass("off-scale").getFirst())).isEqualTo("Level 1, 2 Mar 2026 08:00: +6.20 SD (off the scale); 1-3s; run rejected");
        // A label that would go above the plot goes under its result instead, even when the run is off both edges.
        assertThat(svg.withClass("rule-label")).hasSize(3)
                .allSatisfy(label -> assertThat(number(label, "y")).isBetween(number(axis, "y1"), number(axis, "y2")));
        assertThat(svg.texts("legend-label")).contains("Beyond 4 SD, off the scale");
        assertThat(svg.description()).contains("4 results beyond 4 SD, off the scale");
    }

    @Test
    void escapesHostileMaterialNamesAndTitles() {
        List<Point> points = List.of(new Point(at("2026-03-02T08:00:00Z"), HOSTILE, 2.5, List.of(HOSTILE), true),
                point("2026-03-03T08:00:00Z", "Level 1\u0000", 0.2));
        String source = LeveyJenningsChart.svg("k", HOSTILE, points);
        ParsedSvg svg = ParsedSvg.parse(source).assertSafeAndAccessible();

        assertThat(source).doesNotContain("<script", "\"x\"", "'y'", "& ");
        assertThat(svg.title()).isEqualTo(HOSTILE + " QC (Levey-Jennings)");
        assertThat(svg.texts("legend-label")).startsWith(HOSTILE, "Level 1\uFFFD");
        assertThat(svg.texts("rule-label")).containsExactly(HOSTILE);
        assertThat(svg.withClass("qc-point")).anySatisfy(g -> assertThat(childTitle(g)).startsWith(HOSTILE + ", 2 Mar 2026 08:00"));
        assertThat(svg.description()).contains("materials " + HOSTILE + ", Level 1\uFFFD", "rules broken: " + HOSTILE);
    }

    @Test
    void noResultsSaysSo() {
        ParsedSvg svg = ParsedSvg.parse(LeveyJenningsChart.svg("k", TITLE, List.of())).assertSafeAndAccessible();

        assertThat(svg.texts("empty")).containsExactly("No QC results yet");
        assertThat(svg.description()).isEqualTo("No QC results yet");
        assertThat(svg.withClass("marker")).isEmpty();
        assertThat(svg.withClass("sd-line")).isEmpty();
    }

    @Test
    void aResultMustBeANumberOfSds() {
        assertThatThrownBy(() -> new Point(at("2026-03-02T08:00:00Z"), "Level 1", Double.NaN, List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Point(at("2026-03-02T08:00:00Z"), "Level 1", Double.POSITIVE_INFINITY, List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Point(at("2026-03-02T08:00:00Z"), "Level 1", 0, null, false).rules()).isEmpty();
    }

    private static Map<Integer, Double> sdLines(ParsedSvg svg) {
        Map<Integer, Double> lines = new TreeMap<>();
        for (Element line : svg.withClass("sd-line")) {
            assertThat(number(line, "y1")).isEqualTo(number(line, "y2"));
            lines.put(Integer.parseInt(line.getAttribute("data-sd")), number(line, "y1"));
        }
        return lines;
    }

    private static Element childWithClass(Element group, String cssClass) {
        List<Element> found = new ArrayList<>();
        var children = group.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && List.of(child.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(child);
            }
        }
        assertThat(found).as("<%s> in the point", cssClass).hasSize(1);
        return found.getFirst();
    }

    private static Element single(List<Element> elements) {
        assertThat(elements).hasSize(1);
        return elements.getFirst();
    }

    private static Point point(String at, String material, double z) {
        return new Point(at(at), material, z, List.of(), false);
    }

    private static Instant at(String at) {
        return Instant.parse(at);
    }
}
