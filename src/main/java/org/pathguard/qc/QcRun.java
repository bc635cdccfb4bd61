package org.pathguard.qc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One judged run of one analyte on one analyser: its points (a Levey-Jennings chart plots their z-scores by run
 * time, one line per material), the rules broken with the explanation of each, and whether it is accepted: by
 * itself when in control and not rejected, or by the person named after a failure. {@code runOrder} numbers the
 * analyte's runs on the analyser from 1.
 */
public record QcRun(UUID id, String analyser, String analyte, int runOrder, Instant measuredAt, Instant recordedAt,
                    String recordedBy, QcOutcome outcome, List<Finding> findings, List<Point> points,
                    Acceptance acceptance) {

    public QcRun {
        findings = List.copyOf(findings);
        points = List.copyOf(points);
    }

    /** A rule broken: its label ("2-2s"), whether it rejects, and what was seen. */
    public record Finding(String rule, boolean rejects, String explanation) {
    }

    /** A control value against its material's target, and its distance from the mean in SDs. */
    public record Point(String material, BigDecimal value, BigDecimal mean, BigDecimal sd, double z) {
    }

    /**
     * Who accepted the run and why. {@code by} is null and {@code reason} says so for a run accepted by itself
     * while the analyte was in control.
     */
    public record Acceptance(Instant at, String by, String reason) {
    }

    public boolean accepted() {
        return acceptance != null;
    }

    /** Labels of the rules broken, in the order of {@link WestgardRule}. */
    public List<String> rules() {
        return findings.stream().map(Finding::rule).toList();
    }
}
