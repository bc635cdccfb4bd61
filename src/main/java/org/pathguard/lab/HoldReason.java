package org.pathguard.lab;

/** Why a result waits for a scientist instead of being released automatically. */
public enum HoldReason {
    CRITICAL,
    OUTSIDE_REFERENCE_RANGE,
    NO_REFERENCE_RANGE,
    ANALYSER_FLAG,
    DELTA_EXCEEDED,
    TEXT_RESULT,
    /** The analyser's QC for this analyte failed and has not been accepted since: nothing it measured is released by itself. */
    QC;

    /**
     * Reasons a person must confirm deliberately before authorising: a critical value, an implausible
     * change from the patient's last result, a warning from the analyser, or a failed QC. A stray keystroke must
     * never release one of these as final.
     */
    public boolean needsConfirmation() {
        return this == CRITICAL || this == DELTA_EXCEEDED || this == ANALYSER_FLAG || this == QC;
    }
}
