package org.pathguard.lab;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Release without a person only when nothing calls for one: a numeric value inside its reference
 * range, no critical limit crossed, no analyser flag, and a plausible change from the patient's
 * previous result, from an analyser whose QC for the analyte has not failed, on a tube still within the analyte's stability. Anything else waits for a scientist,
 * with every reason listed.
 */
public final class Autoverification {

    private Autoverification() {
    }

    public record Verdict(boolean release, List<HoldReason> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * @param interpretation null for a text result
     * @param previousValue  the patient's previous numeric result for this analyte, or null
     * @param qcOutOfControl the analyser that measured it is out of control for this analyte (its QC failed)
     * @param pastStability  the tube was taken longer ago than the analyte's stability ({@link Stability})
     */
    public static Verdict decide(Analyte analyte, BigDecimal value, Interpretation interpretation,
                                 Set<String> analyserFlags, BigDecimal previousValue, boolean qcOutOfControl,
                                 boolean pastStability) {
        List<HoldReason> reasons = new ArrayList<>();
        if (!analyte.numeric() || value == null) {
            reasons.add(HoldReason.TEXT_RESULT);
        } else {
            if (interpretation.critical()) {
                reasons.add(HoldReason.CRITICAL);
            }
            if (interpretation.range() == null) {
                reasons.add(HoldReason.NO_REFERENCE_RANGE);
            } else if (interpretation.flag() != null) {
                reasons.add(HoldReason.OUTSIDE_REFERENCE_RANGE);
            }
            if (previousValue != null && analyte.delta() != null && analyte.delta().isExceeded(previousValue, value)) {
                reasons.add(HoldReason.DELTA_EXCEEDED);
            }
        }
        if (!analyserFlags.isEmpty()) {
            reasons.add(HoldReason.ANALYSER_FLAG);
        }
        if (qcOutOfControl) {
            reasons.add(HoldReason.QC);
        }
        if (pastStability) {
            reasons.add(HoldReason.PAST_STABILITY);
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }
}
