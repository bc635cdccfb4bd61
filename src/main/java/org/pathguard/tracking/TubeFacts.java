package org.pathguard.tracking;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the lab knows of one tube now, and the rule that says its state. Plain Java, so the rule is tested without a database.
 *
 * @param arrival         where the tube is: on its way, received, rejected, or tested at a partner while this lab was down
 * @param cancelled       every test the tube was for was cancelled (or the whole order)
 * @param doneElsewhereBy the partner laboratory (ODS code) that did the whole order while this lab was down, or null
 * @param analytes        the analytes this lab is to measure on it: its tests not cancelled and not referred
 * @param referredTo      partners (ODS codes) its referred tests went to, referrals not cancelled or refused
 * @param released        analytes with a reported (final or amended) result
 * @param measured        analytes with a result that stands (released, or held for any reason but the tube's age)
 * @param pastStability   analytes the tube is too old for now ({@link org.pathguard.lab.Stability})
 */
public record TubeFacts(Arrival arrival, boolean cancelled, String doneElsewhereBy, Set<String> analytes, Set<String> referredTo,
                        Set<String> released, Set<String> measured, Set<String> pastStability) {

    public enum Arrival { ON_ITS_WAY, RECEIVED, REJECTED, ELSEWHERE }

    public TubeFacts {
        analytes = Set.copyOf(analytes);
        referredTo = Set.copyOf(referredTo);
        released = Set.copyOf(released);
        measured = Set.copyOf(measured);
        pastStability = Set.copyOf(pastStability);
    }

    /** The state, and the analytes a re-bleed is for (sorted; empty unless NEEDS_REBLEED). */
    public record Judged(TubeState state, Set<String> rebleedFor) {
    }

    /**
     * The tube's state now. What ended the tube's story wins (cancelled, done elsewhere, rejected); then a tube whose own
     * analytes are all reported (REPORTED, or REFERRED while a partner still has the rest); then analytes still to measure
     * on a tube too old for them (NEEDS_REBLEED, also for a tube still on its way); then where the work is.
     */
    public Judged judge() {
        if (cancelled) {
            return new Judged(TubeState.CANCELLED, Set.of());
        }
        if (doneElsewhereBy != null || arrival == Arrival.ELSEWHERE) {
            return new Judged(TubeState.DONE_ELSEWHERE, Set.of());
        }
        if (arrival == Arrival.REJECTED) {
            return new Judged(TubeState.REJECTED, Set.of());
        }
        if (released.containsAll(analytes)) {
            return new Judged(referredTo.isEmpty() ? TubeState.REPORTED : TubeState.REFERRED, Set.of());
        }
        Set<String> late = new TreeSet<>(analytes);
        late.removeAll(measured);
        late.retainAll(pastStability);
        if (!late.isEmpty()) {
            return new Judged(TubeState.NEEDS_REBLEED, late);
        }
        if (arrival == Arrival.ON_ITS_WAY) {
            return new Judged(TubeState.AWAITING_SPECIMEN, Set.of());
        }
        return new Judged(analytes.stream().anyMatch(measured::contains) ? TubeState.IN_PROGRESS : TubeState.RECEIVED, Set.of());
    }
}
