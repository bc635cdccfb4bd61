package org.pathguard.router;

import java.time.Instant;

/** A lab of the directory with its state: since when, why, the rate deferred orders drain into it, and since when it fails to answer. */
public record LabStatus(NetworkLab lab, LabState state, Instant since, String reason, Integer drainPerMinute,
                        Instant unreachableSince) {
}
