package org.pathguard.result;

/** Preliminary results wait for a scientist; final and amended ones are reportable; rejected ones need a repeat. */
public enum ResultStatus {
    PRELIMINARY, FINAL, AMENDED, REJECTED
}
