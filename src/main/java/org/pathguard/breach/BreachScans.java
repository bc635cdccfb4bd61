package org.pathguard.breach;

import org.pathguard.access.Actor;
import org.springframework.stereotype.Service;

/**
 * Scans a leaked dump for the lab's patients: walks the paths, reads every file on every core, finds identifiers,
 * matches them by blind index, and writes the outputs and the scan's event. Resumable through a journal in the
 * output directory. Only the privacy officer (AUDITOR) runs it.
 */
@Service
public class BreachScans {

    /**
     * Runs the scan to the end, telling {@code progress} how it goes. Refuses a caller who is not the privacy
     * officer, a blank case reference, and paths that do not exist, before anything is written.
     */
    public ScanReport scan(ScanRequest request, ScanProgress progress) {
        request.actor().require(Actor.Role.AUDITOR);
        throw new UnsupportedOperationException("the scan is being built");
    }
}
