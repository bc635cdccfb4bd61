package org.pathguard.qc;

import java.util.UUID;

/** Event: a person reviewed one released result of a failure's look-back: confirmed it stands, or recalled it. */
record LookBackReviewed(UUID failureId, UUID resultId, LookBackOutcome outcome, String note) {
}
