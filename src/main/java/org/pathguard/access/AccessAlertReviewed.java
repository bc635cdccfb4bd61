package org.pathguard.access;

/** The privacy officer's note on an access alert; with an outcome, the alert is closed. */
public record AccessAlertReviewed(long alertSequence, String note, AlertOutcome outcome) {
}
