package org.pathguard.network;

import org.pathguard.lab.Priority;

import java.util.UUID;

/** Event: a test of an order is to be referred to a partner laboratory; {@code capacityOverride} is a lab manager's reason when past the agreed capacity. */
record ReferralRequested(UUID referralId, UUID orderId, String accession, String testCode, String partnerOds,
                         Priority priority, Referral.Way way, String capacityOverride) {
}
