package org.pathguard.qc;

/** What review made of a result released before a QC failure was found. */
public enum LookBackOutcome {
    /** The result stands (e.g. repeated on another analyser and agreed). */
    CONFIRMED,
    /** The result is withdrawn from the requester: amend or repeat it and tell them. */
    RECALLED
}
