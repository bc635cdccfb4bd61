package org.pathguard.result;

import java.util.UUID;

/** Event: an authorising scientist released a held result. */
record ResultAuthorised(UUID resultId, UUID orderId, String comment) {
}
