package org.pathguard.breach;

import org.pathguard.breach.detect.DataCategory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a finished scan found, as summary.json says it. No identifier in clear: patient counts, categories,
 * organisation codes and the paths of the outputs.
 *
 * @param caseReference          the breach case
 * @param files                  top-level files scanned (this run and resumed from the journal)
 * @param filesResumed           of those, files finished by an earlier, interrupted run and taken from the journal
 * @param documents              documents read (a file's own text and every embedded one)
 * @param unreadable             documents that could not be read (corrupt, password-protected, zip bomb, no OCR...)
 * @param bytes                  bytes of the top-level files
 * @param characters             characters of text read
 * @param confirmedPatients      the lab's patients confirmed in the dump
 * @param possiblePatients       the lab's patients possibly in the dump (and not confirmed)
 * @param otherControllersNhsNumbers distinct valid NHS numbers the lab has never seen: other controllers' patients
 * @param testPatientMentions    excerpts naming one of the lab's test patients (never listed; not real people)
 * @param exportsTraced          distinct PathGuard exports found by their fingerprint
 * @param patientsByCategory     confirmed patients by the data exposed about them
 * @param patientsByOrganisation confirmed patients by the organisations (ODS codes) whose patients they are
 * @param outputs                affected-patients.csv, files.csv, summary.json, summary.pdf
 * @param eventSequence          the sequence of the BreachScanRecorded event in the lab's event log
 */
public record ScanReport(String caseReference, int files, int filesResumed, long documents, long unreadable,
                         long bytes, long characters, int confirmedPatients, int possiblePatients,
                         int otherControllersNhsNumbers, long testPatientMentions, int exportsTraced,
                         Map<DataCategory, Integer> patientsByCategory, Map<String, Integer> patientsByOrganisation,
                         List<Path> outputs, long eventSequence) {

    public static final String AFFECTED_PATIENTS = "affected-patients.csv";
    public static final String FILES = "files.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String SUMMARY_PDF = "summary.pdf";
}
