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
    QC,
    /**
     * The tube was taken longer ago than the analyte's stability (catalogue data, {@link Stability}): the value may not read
     * the patient's blood (a late potassium reads high). Released only by an authoriser who judges it still safe to report;
     * otherwise rejected for a repeat on a new tube (a re-bleed).
     */
    PAST_STABILITY;

    /**
     * Reasons a person must confirm deliberately before authorising: a critical value, an implausible
     * change from the patient's last result, a warning from the analyser, a failed QC, or a tube past its stability. A stray keystroke must
     * never release one of these as final.
     */
    public boolean needsConfirmation() {
        return this == CRITICAL || this == DELTA_EXCEEDED || this == ANALYSER_FLAG || this == QC || this == PAST_STABILITY;
    }
}
