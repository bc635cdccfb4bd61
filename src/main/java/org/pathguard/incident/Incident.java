package org.pathguard.incident;

import java.time.Instant;
import java.util.UUID;

/**
 * An incident: a lab, or the whole network, working under a major disruption (a cyber attack, a power or system
 * failure) from when it was declared until it was closed. Declaring and closing are each confirmed by a second person;
 * until then the incident is in force but says it is unconfirmed.
 *
 * @param labOds   the lab's ODS code for a lab's incident; null for the network's
 * @param name     whose incident it is, in words ("Guy's and St Thomas' pathology", "the south-east London network")
 * @param closedAt null while the incident lasts
 */
public record Incident(UUID id, Scope scope, String labOds, String name, String summary,
                       String declaredBy, Instant declaredAt, String confirmedBy, Instant confirmedAt,
                       String closedBy, Instant closedAt, String closingSummary) {

    public enum Scope { LAB, NETWORK }

    public boolean inForce() {
        return closedAt == null;
    }

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
