package org.pathguard.qc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;

/**
 * Judges a new QC run for one analyte on one analyser against its earlier runs, by the Westgard multirules.
 * Consecutive means two ways, as the rules are written: within one material (level) across runs, and across
 * materials in run order (2-2s and R-4s also within the run). A violation is reported only when it includes a
 * point of the new run, so an old failure that was accepted is not held against the next run.
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
     * @param newRun  the points of the run being judged (one per material, at least one)
     * @param earlier the earlier points that still count, in any order: the caller leaves out runs that were
     *                rejected and everything before the last run accepted after a failure
     */
    public static Judgement judge(List<QcPoint> newRun, List<QcPoint> earlier) {
        if (newRun.isEmpty()) {
            throw new IllegalArgumentException("A QC run needs at least one control result");
        }
        Set<UUID> fresh = newRun.stream().map(QcPoint::id).collect(Collectors.toSet());
        List<QcPoint> all = new ArrayList<>(earlier);
        all.addAll(newRun);
        all.sort(Comparator.comparingInt(QcPoint::runOrder).thenComparing(QcPoint::material));
        List<Violation> found = new ArrayList<>();

        for (QcPoint p : newRun) {
            if (Math.abs(p.z()) > 3) {
                found.add(new Violation(WestgardRule.ONE_3S, List.of(p), describe(p) + " is beyond 3 SD"));
            } else if (Math.abs(p.z()) > 2) {
                found.add(new Violation(WestgardRule.ONE_2S, List.of(p), describe(p) + " is beyond 2 SD"));
            }
        }
        rangeWithinRun(newRun).ifPresent(found::add);

        Map<String, List<QcPoint>> sequences = new LinkedHashMap<>();
        all.stream().collect(Collectors.groupingBy(QcPoint::material, LinkedHashMap::new, Collectors.toList()))
                .forEach((material, points) -> sequences.put("material " + material, points));
        sequences.put("across materials", all);
        for (Map.Entry<String, List<QcPoint>> sequence : sequences.entrySet()) {
            run(WestgardRule.TWO_2S, 2, z -> z > 2, z -> z < -2, sequence, fresh).ifPresent(found::add);
            run(WestgardRule.FOUR_1S, 4, z -> z > 1, z -> z < -1, sequence, fresh).ifPresent(found::add);
            run(WestgardRule.TEN_X, TEN, z -> z > 0, z -> z < 0, sequence, fresh).ifPresent(found::add);
        }
        return new Judgement(distinctByRule(found));
    }

    /** R-4s: within the run, one control beyond +2 SD and another beyond -2 SD. */
    private static Optional<Violation> rangeWithinRun(List<QcPoint> run) {
        QcPoint high = run.stream().max(Comparator.comparingDouble(QcPoint::z)).orElseThrow();
        QcPoint low = run.stream().min(Comparator.comparingDouble(QcPoint::z)).orElseThrow();
        if (high.z() > 2 && low.z() < -2) {
            return Optional.of(new Violation(WestgardRule.R_4S, List.of(high, low),
                    describe(high) + " and " + describe(low) + " in the same run are more than 4 SD apart"));
        }
        return Optional.empty();
    }

    /** The latest stretch of {@code length} consecutive points all on one side, that includes a new point. */
    private static Optional<Violation> run(WestgardRule rule, int length, DoublePredicate above, DoublePredicate below,
                                                     Map.Entry<String, List<QcPoint>> sequence, Set<UUID> fresh) {
        List<QcPoint> points = sequence.getValue();
        for (int end = points.size(); end >= length; end--) {
            List<QcPoint> window = points.subList(end - length, end);
            if (window.stream().noneMatch(p -> fresh.contains(p.id()))) {
                break;
            }
            for (DoublePredicate side : List.of(above, below)) {
                if (window.stream().allMatch(p -> side.test(p.z()))) {
                    String where = side == above ? "above" : "below";
                    return Optional.of(new Violation(rule, window, length + " consecutive controls (" + sequence.getKey()
                            + ") " + where + " the mean by the rule's limit: "
                            + window.stream().map(Westgard::describe).collect(Collectors.joining(", "))));
                }
            }
        }
        return Optional.empty();
    }

    /** One violation per rule: the first found is the most specific (within a material before across them). */
    private static List<Violation> distinctByRule(List<Violation> found) {
        Map<WestgardRule, Violation> byRule = new LinkedHashMap<>();
        found.forEach(v -> byRule.putIfAbsent(v.rule(), v));
        return byRule.values().stream().sorted(Comparator.comparing(Violation::rule)).toList();
    }

    private static String describe(QcPoint p) {
        return "material " + p.material() + " at " + String.format(Locale.ROOT, "%+.1f", p.z()) + " SD";
    }
}
