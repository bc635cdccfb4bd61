package org.pathguard.qc;

/** What the Westgard rules made of a run: no rule broken, only the 1-2s warning, or a rejecting rule broken. */
public enum QcOutcome {
    PASSED, WARNING, REJECTED
}
