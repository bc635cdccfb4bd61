package org.pathguard.network;

import org.pathguard.lab.Priority;

import java.time.Instant;
import java.util.UUID;

/**
 * Event: a test of an order is to be referred to a partner laboratory; {@code capacityOverride} is a lab manager's
 * reason when past the agreed capacity; {@code dueBy} when it is overdue, fixed from the agreement in force when it
 * was asked for ({@link Overdue#dueBy}). Events recorded before the due time was kept have none: the projection
 * works it out from the agreement as replayed, the same figure.
 */
record ReferralRequested(UUID referralId, UUID orderId, String accession, String testCode, String partnerOds,
                         Priority priority, Referral.Way way, String capacityOverride, Instant dueBy) {
}
