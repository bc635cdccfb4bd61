package org.pathguard.result;

import java.time.Instant;
import java.util.UUID;

/** Event: a call about a critical result that did not close it: who or which number was called, and what happened. */
record CriticalCallAttempted(UUID alertId, CallOutcome outcome, String called, String note, Instant attemptedAt) {
}
