package org.pathguard.posture;

import java.time.Instant;
import java.util.List;

/**
 * What a probe found or an attestation says, with when: {@code finding} is the one line a lab manager reads
 * ("2 accounts have not signed in for 90 days"), {@code evidence} the facts behind it.
 */
public record Reading(Indicator indicator, Rating rating, String finding, List<Evidence> evidence, Instant takenAt) {

    public Reading {
        evidence = List.copyOf(evidence);
    }
}
