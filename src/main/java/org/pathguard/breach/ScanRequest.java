package org.pathguard.breach;

import org.pathguard.access.Actor;

import java.nio.file.Path;
import java.util.List;

/**
 * A privacy officer's scan of a leaked dump.
 *
 * @param paths         directories, files and archives making up the dump, as the privacy officer named them
 * @param out           the directory the outputs and the journal go to; a rerun with the same directory and case
 *                      reference continues where an interrupted scan stopped
 * @param caseReference the breach case the scan belongs to (the privacy officer's reference, e.g. "ICO-2026-0412")
 * @param actor         who runs the scan: the privacy officer (AUDITOR)
 */
public record ScanRequest(List<Path> paths, Path out, String caseReference, Actor actor) {

    public ScanRequest {
        paths = List.copyOf(paths);
    }
}
