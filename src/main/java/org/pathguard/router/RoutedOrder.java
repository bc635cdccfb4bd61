package org.pathguard.router;

import org.pathguard.lab.Priority;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An order the router took, and where it is now. {@code state}: FORWARDING (to its home lab), AT_HOME_LAB,
 * HOME_LAB_REFUSED, ROUTING (to {@code partner}), AT_PARTNER, DEFERRED (held until the home lab is back), REFUSED
 * (by triage: no partner could take it) or RESULTED (the partner's result was relayed).
 */
public record RoutedOrder(UUID id, String requesterOds, String homeLab, String messageType, String placerNumber, String placerGroup,
                          Priority priority, List<String> tests, Instant receivedAt, String state, String partner,
                          Set<String> refusedBy, String accession, String note) {

    /** Where the order is, in the ledger's words: HOME_LAB, PARTNER:ods, DEFERRED, REFUSED or RESULTED. */
    public String where() {
        return switch (state) {
            case "FORWARDING", "AT_HOME_LAB" -> "HOME_LAB";
            case "ROUTING", "AT_PARTNER" -> "PARTNER:" + partner;
            case "HOME_LAB_REFUSED", "REFUSED" -> "REFUSED";
            default -> state;
        };
    }

    /** What the lab files the order under and names in its results: the placer group if sent, else the placer number. */
    String key() {
        return placerGroup != null ? placerGroup : placerNumber;
    }
}
