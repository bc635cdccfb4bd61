package org.pathguard.network;

import java.util.List;
import java.util.UUID;

/** Event: a box of specimens left for a partner laboratory, holding the specimens of these referrals. */
record SpecimensDispatched(UUID dispatchId, String partnerOds, List<UUID> referralIds) {
}
