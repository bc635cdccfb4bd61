package org.pathguard.posture;

import java.time.Instant;
import java.util.List;

/** Every outcome PathGuard bears on, in the CAF's order, as the live system showed it at {@code takenAt}. */
public record PostureReport(Instant takenAt, List<OutcomeStatus> outcomes) {

    public PostureReport {
        outcomes = List.copyOf(outcomes);
    }
}
