package org.pathguard.posture;

/**
 * Event: a named person attested that a manual indicator holds. Who and when are the event's own. Staff's words about
 * the lab's arrangements, never patient data, so kept in clear (capped by {@link AttestationRules}).
 */
record PostureAttested(String indicatorId, String evidence, String statement) {
}
