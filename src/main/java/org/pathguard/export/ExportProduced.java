package org.pathguard.export;

import java.util.List;
import java.util.UUID;

/** The file was made, once: its fingerprint and digest are registered, and the patients in it are the access record of this bulk read. */
public record ExportProduced(UUID exportId, String fingerprint, String sha256, List<UUID> patientIds, int rows) {
}
