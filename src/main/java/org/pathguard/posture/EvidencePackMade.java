package org.pathguard.posture;

/**
 * Event: someone made an evidence pack; who and when are the event's own. The digests let anyone later tell the pack
 * they were sent from one made afterwards or altered.
 */
record EvidencePackMade(String jsonSha256, String pdfSha256, String keyFingerprint) {
}
