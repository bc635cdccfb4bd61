package org.pathguard.ui;

import org.junit.jupiter.api.Test;
import org.pathguard.ui.BarChart.Bar;
import org.w3c.dom.Element;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pathguard.ui.ParsedSvg.childTitle;
import static org.pathguard.ui.ParsedSvg.number;

class BarChartTest {

    static final String HOSTILE = "<script>alert(1)</script> & \"x\" 'y'";

    static final List<Bar> TURNAROUND = List.of(
            new Bar("Haematology", 98.1, "98.1% of 412 within target", true, 0),
            new Bar("Biochemistry", 92.3, "92.3% of 130 within target", true, 2),
            new Bar("Histopathology", 78, "78% of 50 within target", true, 0));

    @Test
    void isWellFormedAccessibleSvgWithoutStylesOrScripts() {
        ParsedSvg svg = ParsedSvg.parse(BarChart.svg("tat-week", "Reported within target", TURNAROUND, 90));

        svg.assertSafeAndAccessible();
        assertThat(svg.root.getAttribute("aria-labelledby")).isEqualTo("tat-week-title tat-week-desc");
        assertThat(svg.title()).isEqualTo("Reported within target");
        assertThat(svg.description()).isEqualTo("Share reported within target, against a target of 90%: "
                + "Haematology: 98.1% of 412 within target, meets target; "
                + "Biochemistry: 92.3% of 130 within target, meets target, 2 open past target; "
                + "Histopathology: 78% of 50 within target, below target.");
    }

    @Test
    void oneRowPerBarWithItsLabelAndCaptionAfterTheBar() {
        ParsedSvg svg = ParsedSvg.parse(BarChart.svg("t", "Reported within target", TURNAROUND, 90));
        double scaleEnd = gridlineX(svg, "100%");

        assertThat(svg.texts("bar-label")).containsExactly("Haematology", "Biochemistry", "Histopathology");
        assertThat(svg.texts("bar-caption")).containsExactly(
                "98.1% of 412 within target", "92.3% of 130 within target", "78% of 50 within target");
        assertThat(svg.withClass("bar-label")).allSatisfy(label -> assertThat(number(label, "x")).isLessThan(gridlineX(svg, "0%")));
        assertThat(svg.withClass("bar-caption")).allSatisfy(caption -> assertThat(number(caption, "x")).isGreaterThan(scaleEnd));
        assertThat(svg.texts("tick")).containsExactly("0%", "25%", "50%", "75%", "100%");
    }

    @Test
    void barWidthsAreProportionalToPercent() {
        ParsedSvg svg = ParsedSvg.parse(BarChart.svg("t", "Within target", List.of(
                new Bar("All", 100, "", true, 0), new Bar("Half", 50, "", true, 0), new Bar("Quarter", 25, "", true, 0),
                new Bar("Some", 92.3, "", true, 0)), 90));
        List<Element> bars = svg.withClass("bar");
        double full = gridlineX(svg, "100%") - gridlineX(svg, "0%");

        assertThat(bars).allSatisfy(bar -> assertThat(number(bar, "x")).isEqualTo(gridlineX(svg, "0%")));
        assertThat(number(bars.get(0), "width")).isEqualTo(full);
        assertThat(number(bars.get(1), "width")).isCloseTo(full * 0.5, within(0.01));
        assertThat(number(bars.get(2), "width")).isCloseTo(full * 0.25, within(0.01));
        assertThat(number(bars.get(3), "width")).isCloseTo(full * 0.923, within(0.01));
    }

    @Test
    void percentagesAreClampedToTheScale() {
        ParsedSvg svg = ParsedSvg.parse(BarChart.svg("t", "Within target", List.of(
                new Bar("Over", 150, "", true, 0), new Bar("Under", -5, "", true, 0)), 120));
        List<Element> bars = svg.withClass("bar");

        svg.assertSafeAndAccessible();
        assertThat(new Bar("Over", 150, "", true, 0).percent()).isEqualTo(100);
        assertThat(new Bar("Under", -5, "", true, 0).percent()).isEqualTo(0);
        assertThat(number(bars.get(0), "width")).isEqualTo(gridlineX(svg, "100%") - gridlineX(svg, "0%"));
        assertThat(number(bars.get(1), "width")).isEqualTo(0);
        assertThat(svg.texts("target-label")).containsExactly("target 100%");
        assertThatThrownBy(() -> new Bar("Broken", Double.NaN, "", true, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Issue 14 item 12: a share meeting its target reads as meeting it; red is only open work past its target time. */
    @Test
    void aShareMeetingItsTargetMeetsItAndOnlyOpenWorkPastItsTimeIsRed() {
        ParsedSvg svg = ParsedSvg.parse(BarChart.svg("t", "Reported within target", TURNAROUND, 90));
        List<Element> bars = svg.withClass("bar");
        Element warning = svg.withClass("past-target").getFirst();
        double biochemistryTop = number(bars.get(1), "y");

        assertThat(svg.texts("standing")).containsExactly("✓ Meets target", "✓ Meets target", "Below target");
        assertThat(bars.subList(0, 2)).allSatisfy(bar -> assertThat(bar.getAttribute("fill")).isEqualTo("#007f3b"));
        assertThat(bars.get(2).getAttribute("fill")).isEqualTo("#005eb8");
        assertThat(bars).noneSatisfy(bar -> assertThat(bar.getAttribute("fill")).isEqualTo("#d5281b"));
        assertThat(svg.texts("past-target")).containsExactly("⚠ 2 open past target");
        assertThat(warning.getAttribute("fill")).isEqualTo("#d5281b");
        assertThat(number(warning, "y")).isBetween(biochemistryTop, biochemistryTop + BarChart.ROW_HEIGHT);
        assertThat(childTitle(bars.get(1))).isEqualTo("Biochemistry: 92.3% of 130 within target, meets target, 2 open past target");
        assertThat(svg.root.getTextContent()).doesNotContain("Breaches");
    }

    @Test
    void workNotYetReportedNeitherMeetsNorMissesTheTarget() {
        ParsedSvg svg = ParsedSvg.parse(BarChart.svg("t", "Reported within target",
                List.of(new Bar("Critical", 0, "none reported yet", false, 0)), 90));

        assertThat(svg.withClass("standing")).isEmpty();
        assertThat(svg.withClass("past-target")).isEmpty();
    }

    @Test
    void targetLineIsDashedAtTheTargetPercentage() {
        ParsedSvg ninety = ParsedSvg.parse(BarChart.svg("t", "Within target", TURNAROUND, 90));
        ParsedSvg uneven = ParsedSvg.parse(BarChart.svg("t", "Within target", TURNAROUND, 87.5));
        Element line = TrendChartTest.single(ninety.withClass("target"));
        double zero = gridlineX(ninety, "0%");
        double full = gridlineX(ninety, "100%");

        assertThat(number(line, "x1")).isEqualTo(number(line, "x2")).isCloseTo(zero + 0.9 * (full - zero), within(0.01));
        assertThat(line.getAttribute("stroke-dasharray")).isNotBlank();
        assertThat(ninety.texts("target-label")).containsExactly("target 90%");
        assertThat(number(TrendChartTest.single(uneven.withClass("target")), "x1")).isCloseTo(zero + 0.875 * (full - zero), within(0.01));
        assertThat(uneven.texts("target-label")).containsExactly("target 87.5%");
    }

    @Test
    void heightGrowsWithTheNumberOfBars() {
        ParsedSvg one = ParsedSvg.parse(BarChart.svg("t", "Within target", TURNAROUND.subList(0, 1), 90));
        ParsedSvg three = ParsedSvg.parse(BarChart.svg("t", "Within target", TURNAROUND, 90));
        List<Element> bars = three.withClass("bar");

        assertThat(three.viewBox()[3] - one.viewBox()[3]).isEqualTo(2 * BarChart.ROW_HEIGHT);
        for (int i = 1; i < bars.size(); i++) {
            assertThat(number(bars.get(i), "y")).isGreaterThanOrEqualTo(number(bars.get(i - 1), "y") + number(bars.get(i - 1), "height"));
        }
        Element lastGridline = three.withClass("gridline").getLast();
        assertThat(number(lastGridline, "y2")).isGreaterThan(number(bars.getLast(), "y") + number(bars.getLast(), "height"));
        assertThat(number(TrendChartTest.single(three.withClass("target-label")), "y")).isLessThanOrEqualTo(three.viewBox()[3]);
    }

    @Test
    void escapesHostileText() {
        String svg = BarChart.svg("t", HOSTILE, List.of(new Bar(HOSTILE, 50, HOSTILE + "\u0007", true, 0)), 90);
        ParsedSvg parsed = ParsedSvg.parse(svg).assertSafeAndAccessible();

        assertThat(svg).doesNotContain("<script", "\"x\"", "'y'", "& ");
        assertThat(parsed.title()).isEqualTo(HOSTILE);
        assertThat(parsed.texts("chart-heading")).containsExactly(HOSTILE);
        assertThat(parsed.texts("bar-label")).containsExactly(HOSTILE);
        assertThat(parsed.texts("bar-caption")).containsExactly(HOSTILE + "\uFFFD");
        assertThat(parsed.description()).contains(HOSTILE + ": " + HOSTILE);
    }

    @Test
    void noBarsSaysThereIsNoWork() {
        ParsedSvg svg = ParsedSvg.parse(BarChart.svg("empty 1", "Reported within target", List.of(), 90)).assertSafeAndAccessible();

        assertThat(svg.root.getAttribute("aria-labelledby")).isEqualTo("empty-1-title empty-1-desc");
        assertThat(svg.title()).isEqualTo("Reported within target");
        assertThat(svg.description()).isEqualTo("No work in this period");
        assertThat(svg.texts("empty")).containsExactly("No work in this period");
        assertThat(svg.withClass("bar")).isEmpty();
        assertThat(svg.viewBox()[3]).isLessThan(100);
    }

    private static double gridlineX(ParsedSvg svg, String label) {
        List<String> labels = svg.texts("tick");
        Element gridline = svg.withClass("gridline").get(labels.indexOf(label));
        assertThat(number(gridline, "x1")).isEqualTo(number(gridline, "x2"));
        return number(gridline, "x1");
    }
}
