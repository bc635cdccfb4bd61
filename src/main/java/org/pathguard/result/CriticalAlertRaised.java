package org.pathguard.result;

import java.util.UUID;

/** Event: a value beyond a critical limit must be phoned to the requester. */
record CriticalAlertRaised(UUID alertId, UUID resultId, UUID orderId) {
}
