package org.pathguard.breach;

import org.pathguard.breach.detect.DataCategory;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished scan found, in counts, as the privacy officer's screen shows it: the {@link ScanReport} without its
 * output paths (the outputs lie in the scan's own directory). No identifier of anyone.
 */
public record ScanOutcome(int files, int filesResumed, long documents, long unreadable, long bytes, long characters,
                          int confirmedPatients, int possiblePatients, int otherControllersNhsNumbers, long testPatientMentions,
                          int exportsTraced, Map<DataCategory, Integer> patientsByCategory,
                          Map<String, Integer> patientsByOrganisation, long eventSequence) {

    /** One line of a count table on the screen. */
    public record Count(String label, int patients, boolean health) {
    }

    static ScanOutcome of(ScanReport r) {
        return new ScanOutcome(r.files(), r.filesResumed(), r.documents(), r.unreadable(), r.bytes(), r.characters(),
                r.confirmedPatients(), r.possiblePatients(), r.otherControllersNhsNumbers(), r.testPatientMentions(), r.exportsTraced(),
                r.patientsByCategory() == null ? Map.of() : Map.copyOf(r.patientsByCategory()),
                r.patientsByOrganisation() == null ? Map.of() : Map.copyOf(r.patientsByOrganisation()), r.eventSequence());
    }

    /** Patients by the data exposed about them, in the ICO report's order (identifiers first, then health data). */
    public List<Count> byCategory() {
        return java.util.Arrays.stream(DataCategory.values()).filter(patientsByCategory::containsKey)
                .map(c -> new Count(c.words(), patientsByCategory.get(c), c.health())).toList();
    }

    /** Patients by the organisation whose patients they are, most first. */
    public List<Count> byOrganisation() {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        patientsByOrganisation.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue(), false)).toList();
    }
}
