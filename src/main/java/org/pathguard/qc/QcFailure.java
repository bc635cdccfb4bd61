package org.pathguard.qc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A QC failure: the run that was rejected, the rules it broke and when. {@code acceptedRun} and the rest are null while
 * the analyte is still out of control; once a person accepted a later passing run they say who, when and why.
 */
public record QcFailure(UUID id, String analyser, String analyte, UUID runId, List<String> rules, String explanation,
                        Instant failedAt, Instant since, UUID acceptedRun, Instant acceptedAt, String acceptedBy,
                        String acceptanceReason) {

    public QcFailure {
        rules = List.copyOf(rules);
    }

    public boolean open() {
        return acceptedRun == null;
    }

    /** What to tell a person who tries to release a result held because of this failure. */
    public String holdExplanation() {
        return "QC of " + analyte + " on analyser " + analyser + " failed " + String.join(", ", rules) + " at " + failedAt
                + "; accept a new passing QC run for it (on its QC page, with a reason) or repeat the test on another analyser";
    }
}
