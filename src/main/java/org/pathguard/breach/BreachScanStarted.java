package org.pathguard.breach;

import java.util.List;
import java.util.UUID;

/** The privacy officer started a scan of a leaked dump on the lab server: the paths (checked against the roots) and the case. */
public record BreachScanStarted(UUID scanId, String caseReference, List<String> paths) {
}
