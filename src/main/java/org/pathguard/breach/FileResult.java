package org.pathguard.breach;

import java.util.List;
import java.util.Set;

/**
 * What one top-level file of a dump held, aggregated as it was read (never per excerpt): a line of the scan's journal
 * and a row of files.csv. No identifier in clear: patients by id, other controllers' NHS numbers by their blind
 * index in hex, organisations by ODS code, exports by fingerprint.
 *
 * @param pathInDump          the file's path in the dump
 * @param bytes               its size, and {@code modified} its last-modified time: the file is skipped on resume while
 *                            both are unchanged
 * @param sha256              its digest, as read; null when it could not be opened
 * @param type                the media type the reader found
 * @param documents           documents read from it (its own text and every embedded one)
 * @param characters          characters of text read
 * @param patients            the lab's patients found in it, each with everything found about them there
 * @param otherControllersNhs valid NHS numbers the lab has never seen, by blind index (hex)
 * @param testPatientMentions excerpts naming one of the lab's test patients (the matcher counts them, never names them)
 * @param odsCodes            organisation codes written in the file
 * @param fingerprints        PathGuard export fingerprints the file carries
 * @param errors              documents not read and why ("a.zip/b.docx: password-protected")
 */
record FileResult(String pathInDump, long bytes, long modified, String sha256, String type, long documents,
                  long characters, List<Match> patients, Set<String> otherControllersNhs, long testPatientMentions,
                  Set<String> odsCodes, Set<String> fingerprints, List<String> errors) {
}
