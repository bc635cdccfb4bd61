package org.pathguard.qc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Judges a new QC run for one analyte on one analyser against its earlier runs, by the Westgard multirules as
 * Westgard writes them for a computer, where every rule is applied to every run (1-2s is not used as the gate to
 * the others, so a slow shift that never crosses 2 SD is still caught by 4-1s and 10x).
 * <ul>
 * <li>1-2s, 1-3s and R-4s look at the new run only; R-4s is never applied across runs, where a spread between runs
 * is a shift for 2-2s, 4-1s and 10x rather than random error.</li>
 * <li>2-2s: the same material in the previous run and in this one, or two materials within this run.</li>
 * <li>4-1s and 10x: the latest points of one material, or across materials the latest whole runs (4-1s over two
 * runs of two levels, 10x over five).</li>
 * </ul>
 * Across materials the rules count whole runs, never half a run, because the order of the materials within a run
 * is not known: the judgement must not depend on what the materials are called. A violation is reported only when
 * it includes a point of the new run, so an old failure that was accepted is not held against the next run. A
 * point exactly on a limit is not beyond it, and limits are compared in decimals, so 2.0 SD is never "beyond 2".
 */
public final class Westgard {

    private static final int TEN = 10;

    private Westgard() {
    }

    public record Violation(WestgardRule rule, List<QcPoint> points, String explanation) {
        public Violation {
            points = List.copyOf(points);
        }
    }

    public record Judgement(List<Violation> violations) {
        public Judgement {
            violations = List.copyOf(violations);
        }

        public boolean rejected() {
            return violations.stream().anyMatch(v -> v.rule().rejects());
        }

        public boolean warned() {
            return violations.stream().anyMatch(v -> !v.rule().rejects());
        }

        /** Each rule broken, once, in the order of {@link WestgardRule}. */
        public List<WestgardRule> rules() {
            return violations.stream().map(Violation::rule).distinct().sorted().toList();
        }
    }

    /**
     * @param newRun  the points of the run being judged: one per material, at least one, all of one run
     * @param earlier the earlier points that still count, in any order, all from runs before the new one: the
     *                caller leaves out runs that were rejected and everything before the last run accepted after a
     *                failure
     * @throws IllegalArgumentException if the new run is empty, mixes runs or repeats a material, or if an earlier
     *                                  point is not from an earlier run
     */
    public static Judgement judge(List<QcPoint> newRun, List<QcPoint> earlier) {
        checkRun(newRun, earlier);
        List<QcPoint> run = newRun.stream().sorted(Comparator.comparing(QcPoint::material)).toList();
        List<QcPoint> history = earlier.stream().sorted(Comparator.comparingInt(QcPoint::runOrder)).toList();
        List<Violation> found = new ArrayList<>();

        for (QcPoint p : run) {
            if (beyond(p, 3) != 0) {
                found.add(new Violation(WestgardRule.ONE_3S, List.of(p), describe(p) + " is beyond 3 SD"));
            } else if (beyond(p, 2) != 0) {
                found.add(new Violation(WestgardRule.ONE_2S, List.of(p), describe(p) + " is beyond 2 SD"));
            }
        }
        rangeWithinRun(run).ifPresent(found::add);

        for (QcPoint p : run) {
            List<QcPoint> material = new ArrayList<>(history.stream().filter(e -> e.material().equals(p.material())).toList());
            material.add(p);
            String where = "material " + p.material() + " in consecutive runs";
            consecutive(WestgardRule.TWO_2S, 2, 2, last(material, 2), where).ifPresent(found::add);
            consecutive(WestgardRule.FOUR_1S, 4, 1, last(material, 4), where).ifPresent(found::add);
            consecutive(WestgardRule.TEN_X, TEN, 0, last(material, TEN), where).ifPresent(found::add);
        }
        twoWithinRun(run).ifPresent(found::add);
        acrossMaterials(WestgardRule.FOUR_1S, 4, 1, run, history).ifPresent(found::add);
        acrossMaterials(WestgardRule.TEN_X, TEN, 0, run, history).ifPresent(found::add);
        return new Judgement(distinctByRule(found));
    }

    private static void checkRun(List<QcPoint> newRun, List<QcPoint> earlier) {
        if (newRun.isEmpty()) {
            throw new IllegalArgumentException("A QC run needs at least one control result");
        }
        QcPoint first = newRun.getFirst();
        Set<String> materials = new HashSet<>();
        for (QcPoint p : newRun) {
            if (!p.runId().equals(first.runId()) || p.runOrder() != first.runOrder()) {
                throw new IllegalArgumentException("The control results of one QC run must all belong to that run");
            }
            if (!materials.add(p.material())) {
                throw new IllegalArgumentException("A QC run has material " + p.material() + " more than once");
            }
        }
        for (QcPoint p : earlier) {
            if (p.runOrder() >= first.runOrder() || p.runId().equals(first.runId())) {
                throw new IllegalArgumentException("An earlier control result (run " + p.runOrder()
                        + ") is not from a run before the one judged (run " + first.runOrder() + ")");
            }
        }
    }

    /** R-4s: within the run, one control beyond +2 SD and another beyond -2 SD. */
    private static Optional<Violation> rangeWithinRun(List<QcPoint> run) {
        Optional<QcPoint> high = run.stream().filter(p -> beyond(p, 2) > 0).max(Comparator.comparingDouble(QcPoint::z));
        Optional<QcPoint> low = run.stream().filter(p -> beyond(p, 2) < 0).min(Comparator.comparingDouble(QcPoint::z));
        if (high.isPresent() && low.isPresent()) {
            return Optional.of(new Violation(WestgardRule.R_4S, List.of(high.get(), low.get()), describe(high.get()) + " and "
                    + describe(low.get()) + " in the same run are more than 4 SD apart"));
        }
        return Optional.empty();
    }

    /** 2-2s within the run: two materials beyond the same 2 SD limit (with three levels, Westgard's 2 of 3). */
    private static Optional<Violation> twoWithinRun(List<QcPoint> run) {
        for (int side : new int[] {1, -1}) {
            List<QcPoint> beyondTwo = run.stream().filter(p -> beyond(p, 2) == side).toList();
            if (beyondTwo.size() >= 2) {
                return Optional.of(violation(WestgardRule.TWO_2S, beyondTwo, side, "within one run"));
            }
        }
        return Optional.empty();
    }

    /**
     * 4-1s and 10x across materials: the new run and the runs before it, whole, back to the first run that makes up
     * the count (with three levels 4-1s then looks at six points, all of which must be beyond the limit).
     */
    private static Optional<Violation> acrossMaterials(WestgardRule rule, int count, int sds, List<QcPoint> run,
                                                       List<QcPoint> history) {
        TreeMap<Integer, List<QcPoint>> runs = history.stream().collect(Collectors.groupingBy(QcPoint::runOrder, TreeMap::new,
                Collectors.collectingAndThen(Collectors.toList(), r -> r.stream().sorted(Comparator.comparing(QcPoint::material)).toList())));
        List<QcPoint> window = new ArrayList<>(run);
        for (Iterator<List<QcPoint>> newestFirst = runs.descendingMap().values().iterator(); window.size() < count && newestFirst.hasNext(); ) {
            window.addAll(0, newestFirst.next());
        }
        long runsBack = window.stream().map(QcPoint::runOrder).distinct().count();
        return consecutive(rule, count, sds, window, runsBack == 1 ? "within one run" : "across materials in the last " + runsBack + " runs");
    }

    /** All the points beyond {@code sds} SD on one side (beyond 0 SD: on one side of the mean). */
    private static Optional<Violation> consecutive(WestgardRule rule, int count, int sds, List<QcPoint> points, String where) {
        if (points.size() < count) {
            return Optional.empty();
        }
        for (int side : new int[] {1, -1}) {
            if (points.stream().allMatch(p -> beyond(p, sds) == side)) {
                return Optional.of(violation(rule, points, side, where));
            }
        }
        return Optional.empty();
    }

    private static Violation violation(WestgardRule rule, List<QcPoint> points, int side, String where) {
        String limit = rule == WestgardRule.TEN_X ? (side > 0 ? "above" : "below") + " the mean"
                : (side > 0 ? "above +" : "below -") + (rule == WestgardRule.FOUR_1S ? 1 : 2) + " SD";
        return new Violation(rule, points, points.size() + " controls " + where + " " + limit + ": "
                + points.stream().map(Westgard::describe).collect(Collectors.joining(", ")));
    }

    /**
     * +1 if the point is more than {@code sds} SD above the mean, -1 if more than that below it, 0 if not beyond
     * (on the limit is not beyond). Decimal arithmetic, so the limits are exactly where the lab's numbers put them.
     */
    private static int beyond(QcPoint p, int sds) {
        BigDecimal deviation = p.value().subtract(p.mean());
        BigDecimal limit = p.sd().multiply(BigDecimal.valueOf(sds));
        if (deviation.compareTo(limit) > 0) {
            return 1;
        }
        return deviation.compareTo(limit.negate()) < 0 ? -1 : 0;
    }

    private static List<QcPoint> last(List<QcPoint> points, int count) {
        return points.subList(Math.max(0, points.size() - count), points.size());
    }

    /** One violation per rule: the first found is the most specific (within a material before across them). */
    private static List<Violation> distinctByRule(List<Violation> found) {
        Map<WestgardRule, Violation> byRule = new LinkedHashMap<>();
        found.forEach(v -> byRule.putIfAbsent(v.rule(), v));
        return byRule.values().stream().sorted(Comparator.comparing(Violation::rule)).toList();
    }

    /**
     * Rounded away from zero, so a point just beyond a limit never reads as on it ("+3.01 SD is beyond 3 SD", not
     * "+3.00").
     */
    private static String describe(QcPoint p) {
        BigDecimal z = p.value().subtract(p.mean()).divide(p.sd(), 2, RoundingMode.UP);
        return "material " + p.material() + " at " + (z.signum() > 0 ? "+" : "") + z.toPlainString() + " SD";
    }
}
