package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pathguard.ui.TrendChart.Point;
import org.w3c.dom.Element;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pathguard.ui.ParsedSvg.centre;
import static org.pathguard.ui.ParsedSvg.childTitle;
import static org.pathguard.ui.ParsedSvg.number;

class TrendChartTest {

    static final String HOSTILE = "<script>alert(1)</script> & \"x\" 'y'";
    static final BigDecimal LOW = new BigDecimal("3.5");
    static final BigDecimal HIGH = new BigDecimal("5.3");

    static final List<Point> POTASSIUM = List.of(
            point("2026-01-03T09:15:00Z", "4.1", false),
            point("2026-01-10T10:00:00Z", "4.6", false),
            point("2026-01-20T08:30:00Z", "5.0", false),
            point("2026-02-01T14:00:00Z", "5.6", true),
            point("2026-02-09T11:20:00Z", "6.1", true));

    @Test
    void isWellFormedAccessibleSvgWithoutStylesOrScripts() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("potassium", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH));

        svg.assertSafeAndAccessible();
        assertThat(svg.root.getAttribute("aria-labelledby")).isEqualTo("potassium-title potassium-desc");
        assertThat(svg.title()).isEqualTo("Potassium (mmol/L) results over time");
        assertThat(svg.viewBox()).containsExactly(0, 0, 640, 240);
    }

    @Test
    void describesTheDataInWords() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH));
        ParsedSvg single = ParsedSvg.parse(TrendChart.svg("k", "Sodium", "mmol/L",
                List.of(point("2026-03-04T10:00:00Z", "140", false)), new BigDecimal("133"), new BigDecimal("146")));
        ParsedSvg noRange = ParsedSvg.parse(TrendChart.svg("k", "Ratio", null,
                List.of(point("2026-03-04T10:00:00Z", "0.8", false), point("2026-03-04T18:00:00Z", "0.7", false)), null, null));

        assertThat(svg.description()).isEqualTo("5 results from 3 Jan 2026 to 9 Feb 2026; latest 6.1 mmol/L, "
                + "above the reference range 3.5–5.3; 2 of 5 outside the reference range");
        assertThat(single.description()).isEqualTo("1 result on 4 Mar 2026; latest 140 mmol/L, within the reference range 133–146");
        assertThat(noRange.description()).isEqualTo("2 results on 4 Mar 2026; latest 0.7, no reference range given");
    }

    @Test
    void escapesHostileText() {
        String analyte = HOSTILE + "\u0000";
        String svg = TrendChart.svg("k", analyte, HOSTILE, POTASSIUM, LOW, HIGH);
        ParsedSvg parsed = ParsedSvg.parse(svg).assertSafeAndAccessible();

        assertThat(svg).doesNotContain("<script", "\"x\"", "'y'", "& ");
        assertThat(parsed.title()).isEqualTo(HOSTILE + "\uFFFD (" + HOSTILE + ") results over time");
        assertThat(parsed.texts("chart-heading")).containsExactly(HOSTILE + "\uFFFD (" + HOSTILE + ")");
        assertThat(parsed.description()).contains("latest 6.1 " + HOSTILE + ",");
        assertThat(parsed.withClass("marker")).allSatisfy(marker -> assertThat(childTitle(marker)).contains(HOSTILE));
    }

    @Test
    void idPrefixIsSanitisedAndKeepsChartsApart() {
        ParsedSvg hostile = ParsedSvg.parse(TrendChart.svg("a\" onload=\"alert(1)", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH));
        ParsedSvg digits = ParsedSvg.parse(TrendChart.svg("42", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH));
        ParsedSvg other = ParsedSvg.parse(TrendChart.svg("sodium", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH));

        hostile.assertSafeAndAccessible();
        digits.assertSafeAndAccessible();
        assertThat(hostile.root.getAttribute("aria-labelledby")).isEqualTo("a--onload--alert-1--title a--onload--alert-1--desc");
        assertThat(digits.byId("chart-42-title").getLocalName()).isEqualTo("title");
        assertThat(other.root.getAttribute("aria-labelledby")).isNotEqualTo(digits.root.getAttribute("aria-labelledby"));
    }

    @Test
    void bandSpansTheReferenceLimitsOnTheValueScale() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L",
                List.of(point("2026-01-03T09:00:00Z", "4.0", false), point("2026-01-04T09:00:00Z", "7.0", true)), LOW, HIGH));
        double inside = centre(svg.withClass("marker").get(0))[1];
        double above = centre(svg.withClass("marker").get(1))[1];
        double perUnit = (above - inside) / 3;
        Element band = single(svg.withClass("reference-band"));
        double top = number(band, "y");
        double bottom = top + number(band, "height");

        assertThat(top).isLessThan(inside).isGreaterThan(above);
        assertThat(top).isCloseTo(inside + 1.3 * perUnit, within(0.05));
        assertThat(bottom).isCloseTo(inside - 0.5 * perUnit, within(0.05));
        List<Element> limits = svg.withClass("reference-limit");
        assertThat(limits).hasSize(2);
        assertThat(number(limits.get(0), "y1")).isCloseTo(bottom, within(0.02));
        assertThat(number(limits.get(1), "y1")).isCloseTo(top, within(0.02));
        assertThat(band.getAttribute("fill")).isEqualTo("#cce5d8");
        assertThat(svg.withClass("reference-limit")).allSatisfy(line -> assertThat(line.getAttribute("stroke")).isEqualTo("#007f3b"));
        assertThat(svg.texts("reference-label")).containsExactly("Reference 3.5–5.3");
    }

    @Test
    void oneSidedRangeIsShadedToTheEdgeOfTheChart() {
        List<Point> points = List.of(point("2026-01-03T09:00:00Z", "2.0", false), point("2026-01-05T09:00:00Z", "9.0", true));
        ParsedSvg upTo = ParsedSvg.parse(TrendChart.svg("k", "CRP", "mg/L", points, null, new BigDecimal("5")));
        ParsedSvg from = ParsedSvg.parse(TrendChart.svg("k", "Ferritin", "ug/L", points, new BigDecimal("5"), null));
        Element upToBand = single(upTo.withClass("reference-band"));
        Element fromBand = single(from.withClass("reference-band"));

        assertThat(number(upToBand, "y") + number(upToBand, "height")).isCloseTo(plotBottom(upTo), within(0.02));
        assertThat(number(upToBand, "y")).isEqualTo(number(single(upTo.withClass("reference-limit")), "y1"));
        assertThat(number(fromBand, "y")).isEqualTo(plotTop(from));
        assertThat(number(fromBand, "y") + number(fromBand, "height"))
                .isCloseTo(number(single(from.withClass("reference-limit")), "y1"), within(0.02));
        assertThat(upTo.texts("reference-label")).containsExactly("Reference ≤ 5");
        assertThat(from.texts("reference-label")).containsExactly("Reference ≥ 5");
    }

    @Test
    void noRangeDrawsNoBand() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Ratio", "", POTASSIUM, null, null)).assertSafeAndAccessible();

        assertThat(svg.withClass("reference-band")).isEmpty();
        assertThat(svg.withClass("reference-limit")).isEmpty();
        assertThat(svg.withClass("reference-label")).isEmpty();
    }

    @Test
    void resultsOutsideTheRangeHaveADistinctMarkerNamedInItsTooltip() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH));
        List<Element> markers = svg.withClass("marker");
        Element normal = markers.get(0);
        Element outside = markers.get(4);

        assertThat(markers).hasSize(5);
        assertThat(svg.withClass("outside")).containsExactly(markers.get(3), markers.get(4));
        assertThat(normal.getLocalName()).isEqualTo("circle");
        assertThat(normal.getAttribute("fill")).isEqualTo("#005eb8");
        assertThat(childTitle(normal)).isEqualTo("3 Jan 2026 09:15: 4.1 mmol/L");
        assertThat(outside.getLocalName()).isEqualTo("polygon");
        assertThat(outside.getAttribute("fill")).isEqualTo("#d5281b");
        assertThat(childTitle(outside)).isEqualTo("9 Feb 2026 11:20: 6.1 mmol/L, outside the reference range");
        assertThat(svg.withClass("legend-outside")).hasSize(1);
        assertThat(single(svg.withClass("trend")).getAttribute("points").split(" ")).hasSize(5);
    }

    @Test
    void noLegendWhenEveryResultIsInRange() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L", POTASSIUM.subList(0, 3), LOW, HIGH));

        assertThat(svg.withClass("outside")).isEmpty();
        assertThat(svg.withClass("legend-outside")).isEmpty();
        assertThat(svg.source).doesNotContain("Outside the reference range");
    }

    @Test
    void aSingleResultIsCentredWithoutALine() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Sodium", "mmol/L",
                List.of(point("2026-03-04T10:00:00Z", "140", false)), new BigDecimal("133"), new BigDecimal("146")));
        Element xAxis = horizontalAxis(svg);

        svg.assertSafeAndAccessible();
        assertThat(centre(single(svg.withClass("marker")))[0]).isEqualTo((number(xAxis, "x1") + number(xAxis, "x2")) / 2);
        assertThat(svg.withClass("trend")).isEmpty();
        assertThat(svg.texts("tick-x")).containsExactly("4 Mar 10:00");
    }

    @Test
    void identicalTimesAndValuesGiveFiniteCoordinates() {
        List<Point> same = List.of(point("2026-03-04T10:00:00Z", "5", false), point("2026-03-04T10:00:00Z", "5", false),
                point("2026-03-04T10:00:00Z", "5", false));
        List<Point> zeros = List.of(point("2026-03-04T10:00:00Z", "0", false), point("2026-03-05T10:00:00Z", "0", false));

        for (ParsedSvg svg : List.of(ParsedSvg.parse(TrendChart.svg("k", "Troponin", "ng/L", same, null, null)),
                ParsedSvg.parse(TrendChart.svg("k", "Troponin", "ng/L", zeros, null, null)),
                ParsedSvg.parse(TrendChart.svg("k", "Troponin", "ng/L", zeros, BigDecimal.ZERO, BigDecimal.ZERO)))) {
            svg.assertSafeAndAccessible();
            assertThat(svg.withClass("tick-y")).hasSizeBetween(3, 5);
            double y = centre(svg.withClass("marker").getFirst())[1];
            assertThat(y).isStrictlyBetween(plotTop(svg), plotBottom(svg));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "4.0 7.0, 3.5, 5.3",
            "0.001 0.004, , ",
            "120 9000, , ",
            "-5 5, , ",
            "100 100.3, 99, ",
            "5 5, , ",
            "0 0, , ",
            "1.2 1.21 1.22, , 1.3"})
    void valueAxisHasThreeToFiveRoundTicksCoveringTheResultsAndRange(String values, BigDecimal low, BigDecimal high) {
        List<Point> points = Arrays.stream(values.split(" "))
                .map(v -> point("2026-01-01T00:00:00Z", v, false)).toList();
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Analyte", "u", points, low, high)).assertSafeAndAccessible();
        List<BigDecimal> ticks = svg.texts("tick-y").stream().map(BigDecimal::new).toList();
        List<Double> gridlines = svg.withClass("gridline").stream().map(line -> number(line, "y1")).toList();
        double top = plotTop(svg);
        double bottom = plotBottom(svg);
        double margin = (bottom - top) * 0.05;

        assertThat(ticks).hasSizeBetween(3, 5).isSorted();
        BigDecimal step = ticks.get(1).subtract(ticks.get(0));
        assertThat(step.unscaledValue().toString().replaceAll("0+$", "")).isIn("1", "2", "5");
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i).subtract(ticks.get(i - 1))).isEqualByComparingTo(step);
            assertThat(gridlines.get(i - 1) - gridlines.get(i)).isCloseTo(gridlines.get(0) - gridlines.get(1), within(0.02));
        }
        assertThat(gridlines).allSatisfy(y -> assertThat(y).isBetween(top - 0.01, bottom + 0.01));
        assertThat(svg.withClass("marker")).allSatisfy(marker ->
                assertThat(centre(marker)[1]).isBetween(top + margin, bottom - margin));
        svg.withClass("reference-limit").forEach(limit ->
                assertThat(number(limit, "y1")).isBetween(top + margin, bottom - margin));
    }

    @Test
    void gridlinesSitOnTheSameScaleAsTheResults() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L",
                List.of(point("2026-01-03T09:00:00Z", "4.0", false), point("2026-01-04T09:00:00Z", "7.0", true)), LOW, HIGH));
        double atFour = centre(svg.withClass("marker").get(0))[1];
        double perUnit = (centre(svg.withClass("marker").get(1))[1] - atFour) / 3;
        List<String> ticks = svg.texts("tick-y");
        List<Element> gridlines = svg.withClass("gridline");

        assertThat(ticks).containsExactly("4", "5", "6", "7");
        for (int i = 0; i < ticks.size(); i++) {
            double expected = atFour + (Double.parseDouble(ticks.get(i)) - 4) * perUnit;
            assertThat(number(gridlines.get(i), "y1")).isCloseTo(expected, within(0.05));
        }
    }

    @Test
    void timeIsProportional() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L", List.of(
                point("2026-01-01T00:00:00Z", "4", false),
                point("2026-01-02T00:00:00Z", "4", false),
                point("2026-01-05T00:00:00Z", "4", false)), LOW, HIGH));
        List<Double> xs = svg.withClass("marker").stream().map(marker -> centre(marker)[0]).toList();

        assertThat((xs.get(1) - xs.get(0)) / (xs.get(2) - xs.get(0))).isCloseTo(0.25, within(0.001));
    }

    @Test
    void timeTicksLabelDaysOverLongSpans() {
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH));
        List<String> labels = svg.texts("tick-x");
        List<Element> markers = svg.withClass("marker");

        assertThat(labels).hasSizeBetween(2, 5).doesNotHaveDuplicates().allMatch(label -> label.matches("\\d{1,2} [A-Z][a-z]{2}"));
        assertThat(labels.getFirst()).isEqualTo("3 Jan");
        assertThat(labels.getLast()).isEqualTo("9 Feb");
        assertThat(number(svg.withClass("tick-x").getFirst(), "x")).isEqualTo(centre(markers.getFirst())[0]);
        assertThat(number(svg.withClass("tick-x").getLast(), "x")).isEqualTo(centre(markers.getLast())[0]);
    }

    @Test
    void timeTicksShowTheTimeInLondonOverShortSpans() {
        // 23:30 UTC on 1 July is 00:30 on 2 July in British Summer Time.
        ParsedSvg svg = ParsedSvg.parse(TrendChart.svg("k", "Potassium", "mmol/L", List.of(
                point("2026-07-01T23:30:00Z", "4.2", false),
                point("2026-07-02T09:00:00Z", "4.4", false)), LOW, HIGH));
        List<String> labels = svg.texts("tick-x");

        assertThat(labels).hasSizeBetween(2, 5).allMatch(label -> label.matches("\\d{1,2} [A-Z][a-z]{2} \\d{2}:\\d{2}"));
        assertThat(labels.getFirst()).isEqualTo("2 Jul 00:30");
        assertThat(labels.getLast()).isEqualTo("2 Jul 10:00");
        assertThat(childTitle(svg.withClass("marker").getFirst())).startsWith("2 Jul 2026 00:30: ");
    }

    @Test
    void outputIsTheSameWhateverTheServersLocaleAndZone() {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.UK);
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            String british = TrendChart.svg("k", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH);
            Locale.setDefault(Locale.GERMANY);
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            String german = TrendChart.svg("k", "Potassium", "mmol/L", POTASSIUM, LOW, HIGH);

            assertThat(german).isEqualTo(british);
            assertThat(german).contains("Reference 3.5–5.3", "3 Jan 2026 09:15");
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void rejectsNoResultsAndAnInvertedRange() {
        assertThatThrownBy(() -> TrendChart.svg("k", "Potassium", "mmol/L", List.of(), LOW, HIGH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrendChart.svg("k", "Potassium", "mmol/L", POTASSIUM, HIGH, LOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Point point(String at, String value, boolean outsideRange) {
        return new Point(Instant.parse(at), new BigDecimal(value), outsideRange);
    }

    static Element single(List<Element> elements) {
        assertThat(elements).hasSize(1);
        return elements.getFirst();
    }

    static Element verticalAxis(ParsedSvg svg) {
        return single(svg.withClass("axis").stream().filter(line -> line.getAttribute("x1").equals(line.getAttribute("x2"))).toList());
    }

    static Element horizontalAxis(ParsedSvg svg) {
        return single(svg.withClass("axis").stream().filter(line -> line.getAttribute("y1").equals(line.getAttribute("y2"))).toList());
    }

    static double plotTop(ParsedSvg svg) {
        return number(verticalAxis(svg), "y1");
    }

    static double plotBottom(ParsedSvg svg) {
        return number(verticalAxis(svg), "y2");
    }
}
