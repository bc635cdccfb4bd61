package org.pathguard.lab;

/** Why a result waits for a scientist instead of being released automatically. */
public enum HoldReason {
    CRITICAL,
    OUTSIDE_REFERENCE_RANGE,
    NO_REFERENCE_RANGE,
    ANALYSER_FLAG,
    DELTA_EXCEEDED,
    TEXT_RESULT
}
