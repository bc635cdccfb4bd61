package org.pathguard.posture;

import java.time.Instant;

/**
 * A named person's word that a manual indicator holds, with where the evidence is.
 *
 * @param evidence a link or reference to the evidence (a document's address, a ticket number)
 * @param attestedBy the person as the event log names them ({@code name/ROLE})
 */
public record Attestation(String indicatorId, String evidence, String statement, String attestedBy, Instant attestedAt) {
}
