package org.pathguard.qc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pathguard.qc.Westgard.Judgement;
import org.pathguard.qc.Westgard.Violation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathguard.qc.WestgardRule.FOUR_1S;
import static org.pathguard.qc.WestgardRule.ONE_2S;
import static org.pathguard.qc.WestgardRule.ONE_3S;
import static org.pathguard.qc.WestgardRule.R_4S;
import static org.pathguard.qc.WestgardRule.TEN_X;
import static org.pathguard.qc.WestgardRule.TWO_2S;

/**
 * Rule vectors for the Westgard multirules. Each run is written as the SDs from target of its levels, "Level 1" then
 * "Level 2" ("_" where a level was not run); the last run is the one judged, the others are its history. The two
 * levels have different targets, so a rule that mixed up value and SD would show.
 */
class WestgardTest {

    static final List<String> LEVELS = List.of("Level 1", "Level 2");
    static final BigDecimal[] MEANS = {new BigDecimal("4.00"), new BigDecimal("7.50")};
    static final BigDecimal[] SDS = {new BigDecimal("0.10"), new BigDecimal("0.25")};

    // ---- 1-2s and 1-3s: one control, either side of its limits ----

    @ParameterizedTest(name = "{0} SD gives {1}")
    @CsvSource({
            "+1.99, ''", "+2.00, ''", "-2.00, ''", "+2.01, 1-2s", "-2.01, 1-2s", "+2.99, 1-2s", "-2.99, 1-2s",
            "+3.00, 1-2s", "-3.00, 1-2s", "+3.01, 1-3s", "-3.01, 1-3s", "+5, 1-3s", "-5, 1-3s"})
    void oneControlIsJudgedOnWhichSideOfTwoAndThreeSdItFalls(String z, String expected) {
        Judgement judgement = judge(z);

        assertThat(judgement.rules()).map(WestgardRule::label).containsExactlyElementsOf(labels(expected));
    }

    @Test
    void aPointBeyondALimitByLessThanADoubleCanHoldIsStillBeyondIt() {
        // 2 + 1e-17 SD: a double rounds it to exactly 2, decimals do not.
        assertThat(judge("+2.00000000000000001").rules()).containsExactly(ONE_2S);
        assertThat(judge("-3.00000000000000001").rules()).containsExactly(ONE_3S);
    }

    @Test
    void oneTwoSAloneOnlyWarns() {
        Judgement judgement = judge("+0.5 +0.3", "+2.50 +0.4");

        assertThat(judgement.rules()).containsExactly(ONE_2S);
        assertThat(judgement.warned()).isTrue();
        assertThat(judgement.rejected()).isFalse();
        assertThat(only(judgement).explanation()).isEqualTo("material Level 1 at +2.50 SD is beyond 2 SD");
        assertThat(only(judgement).points()).singleElement().extracting(QcPoint::material).isEqualTo("Level 1");
    }

    @Test
    void oneThreeSRejectsAndNamesTheMaterialAndItsSd() {
        Judgement judgement = judge("+0.1 -3.01");

        assertThat(judgement.rules()).containsExactly(ONE_3S);
        assertThat(judgement.rejected()).isTrue();
        assertThat(judgement.warned()).isFalse();
        assertThat(only(judgement).explanation()).isEqualTo("material Level 2 at -3.01 SD is beyond 3 SD");
    }

    @Test
    void explanationsRoundAwayFromTheLimitSoAPointJustBeyondNeverReadsAsOnIt() {
        assertThat(only(judge("+3.001")).explanation()).isEqualTo("material Level 1 at +3.01 SD is beyond 3 SD");
        assertThat(only(judge("-2.0001")).explanation()).isEqualTo("material Level 1 at -2.01 SD is beyond 2 SD");
    }

    @Test
    void aCleanRunGivesNoViolation() {
        Judgement judgement = judge("+1.5 -0.4", "-0.8 +1.9", "+0.6 -1.2", "-0.2 +0.7");

        assertThat(judgement.violations()).isEmpty();
        assertThat(judgement.rejected()).isFalse();
        assertThat(judgement.warned()).isFalse();
    }

    // ---- 2-2s ----

    @Test
    void twoTwoSAcrossTwoLevelsInOneRun() {
        assertThat(judge("+2.01 +2.50").rules()).containsExactly(ONE_2S, TWO_2S);
        assertThat(judge("-2.50 -2.01").rules()).containsExactly(ONE_2S, TWO_2S);
        assertThat(judge("+2.50 +2.00").rules()).containsExactly(ONE_2S);
        assertThat(judge("-2.00 -2.50").rules()).containsExactly(ONE_2S);

        Violation twoTwo = violation(judge("+2.01 +2.50"), TWO_2S);
        assertThat(twoTwo.points()).extracting(QcPoint::material).containsExactly("Level 1", "Level 2");
        assertThat(twoTwo.explanation()).isEqualTo(
                "2 controls within one run above +2 SD: material Level 1 at +2.01 SD, material Level 2 at +2.50 SD");
    }

    @Test
    void twoTwoSOnTheSameLevelInTwoConsecutiveRuns() {
        assertThat(judge("+2.2", "+2.1").rules()).containsExactly(ONE_2S, TWO_2S);
        assertThat(judge("-2.2 +0.3", "-2.1 -0.5").rules()).containsExactly(ONE_2S, TWO_2S);
        assertThat(judge("+2.0", "+2.9").rules()).containsExactly(ONE_2S);
        assertThat(judge("-2.5 +0.3", "-1.99 -0.5").rules()).isEmpty();

        Violation twoTwo = violation(judge("+0.1 -2.2", "+0.2 -2.9"), TWO_2S);
        assertThat(twoTwo.points()).extracting(QcPoint::material).containsExactly("Level 2", "Level 2");
        assertThat(twoTwo.points()).extracting(QcPoint::runOrder).containsExactly(1, 2);
        assertThat(twoTwo.explanation()).isEqualTo("2 controls material Level 2 in consecutive runs below -2 SD: "
                + "material Level 2 at -2.20 SD, material Level 2 at -2.90 SD");
    }

    @Test
    void twoTwoSNeedsTheSameSide() {
        assertThat(judge("+2.5", "-2.5").rules()).containsExactly(ONE_2S);
    }

    @Test
    void twoTwoSIsNotAppliedToDifferentLevelsInDifferentRuns() {
        // Level 2 of the last run and Level 1 of this one are not "consecutive" in any order the lab can know.
        assertThat(judge("+0.1 +2.5", "+2.5 +0.1").rules()).containsExactly(ONE_2S);
    }

    @Test
    void twoTwoSAcrossThreeLevelsIsTwoOfThreeWithinTheRun() {
        List<QcPoint> run = List.of(point(1, "Level 1", MEANS[0], SDS[0], "+2.1"), point(1, "Level 2", MEANS[1], SDS[1], "+0.4"),
                point(1, "Level 3", new BigDecimal("12.0"), new BigDecimal("0.5"), "+2.6"));

        Violation twoTwo = violation(Westgard.judge(run, List.of()), TWO_2S);

        assertThat(twoTwo.points()).extracting(QcPoint::material).containsExactly("Level 1", "Level 3");
    }

    // ---- R-4s ----

    @Test
    void rangeFourSWithinARun() {
        assertThat(judge("+2.01 -2.01").rules()).containsExactly(ONE_2S, R_4S);
        assertThat(judge("-2.50 +3.50").rules()).containsExactly(ONE_2S, ONE_3S, R_4S);
        assertThat(judge("+2.01 -2.00").rules()).containsExactly(ONE_2S);
        assertThat(judge("+1.99 -2.99").rules()).containsExactly(ONE_2S);

        Violation range = violation(judge("-2.50 +2.10"), R_4S);
        assertThat(range.points()).extracting(QcPoint::material).containsExactly("Level 2", "Level 1");
        assertThat(range.explanation()).isEqualTo(
                "material Level 2 at +2.10 SD and material Level 1 at -2.50 SD in the same run are more than 4 SD apart");
    }

    @Test
    void rangeFourSIsNotAppliedAcrossRuns() {
        assertThat(judge("+2.5", "-2.5").rules()).doesNotContain(R_4S);
        assertThat(judge("+2.5 +0.1", "-0.1 -2.5").rules()).containsExactly(ONE_2S);
    }

    // ---- 4-1s ----

    @Test
    void fourOneSAcrossFourRunsOfOneLevel() {
        assertThat(judge("+1.1", "+1.5", "+1.9", "+1.01").rules()).containsExactly(FOUR_1S);
        assertThat(judge("-1.1 +0.2", "-1.5 -0.3", "-1.9 +0.1", "-1.01 -0.2").rules()).containsExactly(FOUR_1S);
        assertThat(judge("+1.1", "+1.5", "+1.00", "+1.2").rules()).isEmpty();
        assertThat(judge("+1.1", "+1.5", "-1.5", "+1.2").rules()).isEmpty();
        assertThat(judge("+1.5", "+1.5", "+1.5").rules()).as("three runs are not four").isEmpty();

        Violation fourOne = violation(judge("+0.2 +1.1", "-0.3 +1.5", "+0.1 +1.9", "-0.2 +1.01"), FOUR_1S);
        assertThat(fourOne.points()).extracting(QcPoint::material).containsOnly("Level 2");
        assertThat(fourOne.points()).extracting(QcPoint::runOrder).containsExactly(1, 2, 3, 4);
        assertThat(fourOne.explanation()).startsWith("4 controls material Level 2 in consecutive runs above +1 SD: ")
                .contains("material Level 2 at +1.10 SD", "material Level 2 at +1.01 SD");
    }

    @Test
    void fourOneSAcrossTwoRunsOfTwoLevels() {
        assertThat(judge("+1.2 +1.5", "+1.1 +1.3").rules()).containsExactly(FOUR_1S);
        assertThat(judge("-1.2 -1.5", "-1.1 -1.3").rules()).containsExactly(FOUR_1S);
        assertThat(judge("+1.2 +1.0", "+1.1 +1.3").rules()).isEmpty();
        assertThat(judge("+1.2 +1.5", "+1.1 -1.3").rules()).isEmpty();

        Violation fourOne = violation(judge("+1.2 +1.5", "+1.1 +1.3"), FOUR_1S);
        assertThat(fourOne.points()).extracting(QcPoint::runOrder).containsExactly(1, 1, 2, 2);
        assertThat(fourOne.explanation()).startsWith("4 controls across materials in the last 2 runs above +1 SD: ");
    }

    @Test
    void acrossLevelsTheRulesCountWholeRunsSoTheMaterialsNamesDoNotChangeTheJudgement() {
        // Four points above 1 SD in a row only if Level 2 was measured before Level 1 in the last run: unknown.
        String[] runs = {"+0.2 +1.5", "+1.5 +1.5", "+1.5 +0.3"};

        assertThat(judge(LEVELS, runs).rules()).isEmpty();
        assertThat(judge(List.of("Z high", "A low"), runs).rules()).isEmpty();
        assertThat(judge(List.of("A low", "Z high"), runs).rules()).isEmpty();
    }

    // ---- 10x ----

    @Test
    void tenXAcrossTenRunsOfOneLevel() {
        assertThat(judge(repeat(10, "+0.3")).rules()).containsExactly(TEN_X);
        assertThat(judge(repeat(10, "-0.3")).rules()).containsExactly(TEN_X);
        assertThat(only(judge(repeat(10, "+0.3"))).points()).hasSize(10);
    }

    @Test
    void nineRunsOfOneLevelAreNotEnough() {
        assertThat(judge(repeat(9, "+0.3")).rules()).isEmpty();
        assertThat(judge(concat(new String[] {"-0.3"}, repeat(9, "+0.3"))).rules()).isEmpty();
        assertThat(judge(concat(new String[] {"+0.3"}, repeat(8, "+0.3"), new String[] {"0"})).rules())
                .as("a point on the mean is on neither side").isEmpty();
    }

    @Test
    void tenXAcrossFiveRunsOfTwoLevels() {
        assertThat(judge(repeat(5, "+0.3 +0.8")).rules()).containsExactly(TEN_X);
        assertThat(judge(repeat(5, "-0.9 -0.1")).rules()).containsExactly(TEN_X);

        Violation tenX = violation(judge(repeat(5, "+0.3 +0.8")), TEN_X);
        assertThat(tenX.points()).hasSize(10);
        assertThat(tenX.explanation()).startsWith("10 controls across materials in the last 5 runs above the mean: ");
    }

    @Test
    void nineAcrossTwoLevelsAreNotEnough() {
        assertThat(judge(concat(new String[] {"+0.3 -0.2"}, repeat(4, "+0.3 +0.8"))).rules()).isEmpty();
        assertThat(judge(repeat(4, "+0.3 +0.8")).rules()).isEmpty();
    }

    // ---- what counts ----

    @Test
    void aViolationMadeOnlyOfEarlierPointsIsNotReportedAgain() {
        assertThat(judge("+2.5 +2.5", "+0.1 -0.1").rules()).isEmpty();
        assertThat(judge("+2.5", "+2.5", "+0.5").rules()).isEmpty();
        assertThat(judge("+1.5", "+1.5", "+1.5", "+1.5", "+0.5").rules()).isEmpty();
        assertThat(judge(concat(repeat(10, "+0.3 +0.3"), new String[] {"-0.3 -0.3"})).rules()).isEmpty();
    }

    @Test
    void earlierPointsMayComeInAnyOrder() {
        String[] runs = {"+0.2 -0.5", "+1.1 +0.4", "+1.5 -0.3", "+1.9 +0.2", "+1.2 +0.1"};
        List<List<QcPoint>> points = runs(LEVELS, runs);
        List<QcPoint> earlier = new ArrayList<>(points.subList(0, points.size() - 1).stream().flatMap(List::stream).toList());
        Collections.shuffle(earlier, new Random(20));

        Judgement judgement = Westgard.judge(points.getLast().reversed(), earlier);

        assertThat(judgement.rules()).containsExactly(FOUR_1S);
        assertThat(only(judgement).points()).extracting(QcPoint::runOrder).containsExactly(2, 3, 4, 5);
    }

    @Test
    void aJudgementListsEachRuleOnce() {
        // 2-2s three ways (Level 1 across runs, Level 2 across runs, within the run), 1-2s on both levels, 4-1s over both runs.
        Judgement judgement = judge("+2.5 +2.5", "+2.5 +2.5");

        assertThat(judgement.rules()).containsExactly(ONE_2S, TWO_2S, FOUR_1S);
        assertThat(judgement.violations()).extracting(Violation::rule).containsExactly(ONE_2S, TWO_2S, FOUR_1S);
        assertThat(judgement.rejected()).isTrue();
        assertThat(judgement.warned()).isTrue();
    }

    @Test
    void everyRuleAtOnceIsListedInTheRulesOrder() {
        // Level 1 drifts up over ten runs (10x, 4-1s, 2-2s) and this run's Level 2 falls below -3 SD (1-3s, R-4s).
        Judgement judgement = judge(concat(repeat(6, "+0.5 +0.5"), new String[] {"+1.5 +1.5", "+1.5 +1.5", "+2.5 +1.5", "+2.5 -3.5"}));

        assertThat(judgement.rules()).containsExactly(ONE_2S, ONE_3S, TWO_2S, R_4S, FOUR_1S, TEN_X);
        assertThat(judgement.violations()).extracting(Violation::rule).containsExactly(ONE_2S, ONE_3S, TWO_2S, R_4S, FOUR_1S, TEN_X);
        Judgement shift = judge(concat(repeat(6, "+0.5 +0.5"), new String[] {"+1.5 +1.5", "+1.5 +1.5", "+2.5 +1.5", "+2.5 +3.5"}));
        assertThat(shift.rules()).containsExactly(ONE_2S, ONE_3S, TWO_2S, FOUR_1S, TEN_X);
    }

    @Test
    void refusesARunThatIsNotOneRunAfterItsHistory() {
        QcPoint first = point(1, "Level 1", MEANS[0], SDS[0], "+0.1");
        QcPoint second = point(2, "Level 1", MEANS[0], SDS[0], "+0.1");

        assertThatThrownBy(() -> Westgard.judge(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A QC run needs at least one control result");
        assertThatThrownBy(() -> Westgard.judge(List.of(first, point(2, "Level 2", MEANS[1], SDS[1], "0")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The control results of one QC run must all belong to that run");
        assertThatThrownBy(() -> Westgard.judge(List.of(first, point(1, "Level 1", MEANS[0], SDS[0], "+0.2")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A QC run has material Level 1 more than once");
        assertThatThrownBy(() -> Westgard.judge(List.of(first), List.of(second))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An earlier control result (run 2) is not from a run before the one judged (run 1)");
        assertThatThrownBy(() -> Westgard.judge(List.of(second), List.of(second))).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- building runs ----

    private static Judgement judge(String... runs) {
        return judge(LEVELS, runs);
    }

    private static Judgement judge(List<String> materials, String... runs) {
        List<List<QcPoint>> points = runs(materials, runs);
        return Westgard.judge(points.getLast(), points.subList(0, points.size() - 1).stream().flatMap(List::stream).toList());
    }

    private static List<List<QcPoint>> runs(List<String> materials, String... runs) {
        List<List<QcPoint>> points = new ArrayList<>();
        for (int order = 1; order <= runs.length; order++) {
            String[] zs = runs[order - 1].trim().split("\\s+");
            List<QcPoint> run = new ArrayList<>();
            for (int level = 0; level < zs.length; level++) {
                if (!zs[level].equals("_")) {
                    run.add(point(order, materials.get(level), MEANS[level], SDS[level], zs[level]));
                }
            }
            points.add(run);
        }
        return points;
    }

    /** A control {@code z} SDs from its target, as the analyser would report it: a value, not a z. */
    private static QcPoint point(int order, String material, BigDecimal mean, BigDecimal sd, String z) {
        UUID runId = UUID.nameUUIDFromBytes(("run " + order).getBytes(StandardCharsets.UTF_8));
        return new QcPoint(UUID.randomUUID(), runId, order, material, mean.add(sd.multiply(new BigDecimal(z))), mean, sd);
    }

    private static String[] repeat(int times, String run) {
        String[] runs = new String[times];
        Arrays.fill(runs, run);
        return runs;
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    private static Violation only(Judgement judgement) {
        assertThat(judgement.violations()).hasSize(1);
        return judgement.violations().getFirst();
    }

    private static Violation violation(Judgement judgement, WestgardRule rule) {
        return judgement.violations().stream().filter(v -> v.rule() == rule).findFirst()
                .orElseThrow(() -> new AssertionError("No " + rule.label() + " in " + judgement.rules()));
    }

    private static List<String> labels(String expected) {
        return expected == null || expected.isBlank() ? List.of() : List.of(expected.split(" "));
    }
}
