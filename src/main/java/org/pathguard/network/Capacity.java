package org.pathguard.network;

import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Priority;

/**
 * Referred tests per partner, day and priority against what the partner agreed to take. Past it a referral needs
 * a lab manager's override with a reason, because the partner is doing us a favour and may say no.
 */
public record Capacity(String partnerOds, Priority priority, int agreed, long usedToday) {

    public long left() {
        return Math.max(0, agreed - usedToday);
    }

    /** Whether {@code adding} more tests stay within the agreement. */
    public boolean allows(int adding) {
        return usedToday + adding <= agreed;
    }

    /**
     * Checks {@code adding} referrals; past the agreement it takes an override reason from a lab manager.
     * Returns the override reason to record, or null when none was needed.
     */
    public String check(int adding, boolean labManager, String overrideReason) {
        if (allows(adding)) {
            return null;
        }
        String over = partnerOds + " agreed to take " + agreed + " " + priority + " test" + (agreed == 1 ? "" : "s")
                + " a day from us; " + usedToday + " already referred today, and " + adding + " more would exceed it";
        if (overrideReason == null || overrideReason.isBlank()) {
            throw new LabRuleViolation("capacity-exceeded", over + ". A lab manager may override with a reason (\"override\")");
        }
        if (!labManager) {
            throw new LabRuleViolation("capacity-override-not-allowed", over + ". Only a lab manager may override the agreed capacity");
        }
        return overrideReason.strip();
    }
}
