package org.pathguard.tracking;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Event: a requester downloaded its own sample account as CSV. Registered like an export (ADR 0012, 0038): the file's
 * fingerprint (visible in its header and invisibly in every row), its SHA-256, the patients in it by pseudonymous id.
 */
record SampleListDownloaded(String principal, String requesterOds, LocalDate from, LocalDate to, String fingerprint, String sha256,
                            List<UUID> patients, int rows) {

    SampleListDownloaded {
        patients = List.copyOf(patients);
    }
}
