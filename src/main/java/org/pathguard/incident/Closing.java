package org.pathguard.incident;

import java.time.Instant;

/**
 * The proposal to end an incident and its confirmation by a second person; the incident lasts until it is confirmed.
 *
 * @param confirmedBy null while the close awaits a second person
 */
public record Closing(String proposedBy, Instant proposedAt, String summary, String confirmedBy, Instant confirmedAt) {

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
