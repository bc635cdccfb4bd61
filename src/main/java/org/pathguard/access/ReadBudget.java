package org.pathguard.access;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** How many distinct patients one principal may read within a sliding window. */
public record ReadBudget(int patients, Duration window) {

    /** Whether reading {@code wanted} keeps the principal within budget, given whom it already read in the window. */
    public boolean allows(Set<UUID> alreadyRead, Collection<UUID> wanted) {
        Set<UUID> after = new HashSet<>(alreadyRead);
        after.addAll(wanted);
        return after.size() <= patients;
    }
}
