package org.pathguard.breach;

import org.pathguard.breach.detect.DataCategory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The whole scan's findings, gathered file by file (this run's files and those taken from the journal alike): per
 * patient what was found and where, and the counts for the summary. Memory grows with the patients and files found,
 * not with the text read.
 */
final class Findings {

    /** A row of affected-patients.csv. */
    record Patient(UUID patientId, boolean confirmed, Set<String> identifiers, Set<DataCategory> categories,
                   Set<String> files, Set<String> organisations) {
    }

    private static final class Found {
        boolean confirmed;
        final Set<String> identifiers = new TreeSet<>();
        final Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        final Set<String> files = new TreeSet<>();
    }

    private final Map<UUID, Found> patients = new HashMap<>();
    private final Set<String> otherControllersNhs = new HashSet<>();
    private long testPatientMentions;
    private final List<FileResult> files = new ArrayList<>();

    void add(FileResult file) {
        files.add(file);
        for (Match m : file.patients()) {
            Found f = patients.computeIfAbsent(m.patientId(), id -> new Found());
            f.confirmed |= m.confirmed();
            f.identifiers.addAll(m.identifiers());
            f.categories.addAll(m.categories());
            f.files.add(file.pathInDump());
        }
        otherControllersNhs.addAll(file.otherControllersNhs());
        testPatientMentions += file.testPatientMentions();
    }

    /** Every file, in the dump's order. */
    List<FileResult> files() {
        List<FileResult> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(FileResult::pathInDump));
        return sorted;
    }

    Set<UUID> patientIds() {
        return patients.keySet();
    }

    /** The patients found, confirmed first, each with the organisations whose patient they are. */
    List<Patient> patients(Map<UUID, Set<String>> requesters) {
        List<Patient> rows = new ArrayList<>();
        patients.forEach((id, f) -> rows.add(new Patient(id, f.confirmed, f.identifiers, f.categories, f.files,
                new TreeSet<>(requesters.getOrDefault(id, Set.of())))));
        rows.sort(Comparator.comparing((Patient p) -> !p.confirmed()).thenComparing(p -> p.patientId().toString()));
        return rows;
    }

    /** The organisations a file holds patients of: the requesters of its confirmed patients and the codes written in it. */
    static Set<String> organisations(FileResult file, Map<UUID, Set<String>> requesters) {
        Set<String> codes = new TreeSet<>(file.odsCodes());
        for (Match m : file.patients()) {
            if (m.confirmed()) {
                codes.addAll(requesters.getOrDefault(m.patientId(), Set.of()));
            }
        }
        return codes;
    }

    int otherControllersNhs() {
        return otherControllersNhs.size();
    }

    long testPatientMentions() {
        return testPatientMentions;
    }

    /** Confirmed patients by the data exposed about them. */
    static Map<DataCategory, Integer> byCategory(List<Patient> rows) {
        Map<DataCategory, Integer> counts = new TreeMap<>();
        rows.stream().filter(Patient::confirmed).forEach(p -> p.categories().forEach(c -> counts.merge(c, 1, Integer::sum)));
        return counts;
    }

    /** Confirmed patients by the organisations whose patients they are. */
    static Map<String, Integer> byOrganisation(List<Patient> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.stream().filter(Patient::confirmed).forEach(p -> p.organisations().forEach(o -> counts.merge(o, 1, Integer::sum)));
        return counts;
    }
}
