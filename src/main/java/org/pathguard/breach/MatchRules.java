package org.pathguard.breach;

import org.pathguard.breach.detect.DataCategory;
import org.pathguard.breach.detect.Excerpt;
import org.pathguard.breach.detect.Names;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which registered patients one excerpt of a dump names, and how surely (ADR 0044). Plain Java over the registry's
 * lookups, so the rules are tested without a database.
 * <ul>
 * <li><b>Confirmed</b>: a patient whose NHS number or hospital number is written there, unless the names there
 * disagree (below); or whose family name is written with a date that is their date of birth, provided the given name
 * written beside that family name, if any, is theirs.</li>
 * <li><b>Possible</b>: a patient whose family and given name are written there with no date that is their date of
 * birth (a name alone); or one found by number whose name disagrees: the excerpt names someone explicitly
 * ({@link Excerpt#nameLabelled()}), no name written there is the patient's (neither their family and given name, nor
 * their family name with a date there as their date of birth), and there is evidence it names someone else: a name
 * there is another registered patient's, or a date is written there (a date of birth the patient's name would have
 * agreed with). Without that evidence an unrecognised name is taken for the detector's noise ("Name: Ward Sister")
 * and the number stands.</li>
 * <li>A family name and date of birth that are a patient's, beside a given name that is not theirs, is someone else
 * with the same family name and birthday (a twin): not listed.</li>
 * <li>A valid NHS number the registry does not hold is another controller's patient: counted (by its blind index, in
 * hex), never listed. Test-range numbers (999) are nobody's and are not counted.</li>
 * <li>Test patients (the registry's test_patient) are counted apart and never listed.</li>
 * </ul>
 */
final class MatchRules {

    static final String NHS_NUMBER = "nhs-number";
    static final String HOSPITAL_NUMBER = "hospital-number";
    static final String NAME_AND_DATE_OF_BIRTH = "name+date-of-birth";
    static final String NAME = "name";

    /** The registry as the rules see it: lookups by value, answered by blind index; patients by their number here. */
    interface Registry {
        /** The patients with this NHS number, and when there are none the number's blind index in hex. */
        NhsNumberFound byNhsNumber(String nhsNumber);

        int[] byHospitalNumber(String hospitalNumber);

        int[] byFamilyAndBirthDate(String normalisedFamily, LocalDate dateOfBirth);

        int[] byFamilyAndGiven(String normalisedFamily, String normalisedGiven);

        boolean testPatient(int patient);

        java.util.UUID id(int patient);
    }

    /**
     * What an NHS number found: its patients, or, when it is no registered patient's, its blind index in hex (the only
     * form an unregistered number leaves the match in), made from the one blind index the lookup needed.
     */
    record NhsNumberFound(int[] patients, String unregisteredIndex) {
    }

    private static final int[] NOBODY = new int[0];

    private MatchRules() {
    }

    static PatientMatcher.Matched match(Excerpt excerpt, Registry registry) {
        // Patients a name written here agrees with: by family and given name, or by family name with a date here.
        BitSet named = new BitSet();
        Map<Integer, Found> found = new LinkedHashMap<>();
        for (Names.Candidate name : excerpt.names()) {
            if (name.family().isEmpty()) {
                continue;
            }
            int[] byName = name.given().isEmpty() ? NOBODY : registry.byFamilyAndGiven(name.family(), name.given());
            int[] byBirth = NOBODY;
            for (LocalDate date : excerpt.dates()) {
                int[] born = registry.byFamilyAndBirthDate(name.family(), date);
                if (born.length > 0) {
                    byBirth = byBirth.length == 0 ? born : union(byBirth, born);
                }
            }
            // Most names written in a dump are nobody's: nothing to sort out then.
            if (byName.length == 0 && byBirth.length == 0) {
                continue;
            }
            for (int p : byBirth) {
                if (name.given().isEmpty() || contains(byName, p)) {
                    found(found, p).add(true, NAME_AND_DATE_OF_BIRTH);
                }
                named.set(p);
            }
            for (int p : byName) {
                if (!contains(byBirth, p)) {
                    found(found, p).add(false, NAME);
                }
                named.set(p);
            }
        }
        // Strangers' numbers, usually none or one an excerpt: kept in the smallest set that holds them.
        Set<String> otherControllers = Set.of();
        for (String nhs : excerpt.nhsNumbers()) {
            NhsNumberFound byNumber = registry.byNhsNumber(nhs);
            if (byNumber.patients().length == 0 && !nhs.startsWith("999")) {
                otherControllers = with(otherControllers, byNumber.unregisteredIndex());
            }
            for (int p : byNumber.patients()) {
                found(found, p).add(!nameDisagrees(excerpt, named, p), NHS_NUMBER);
            }
        }
        for (String hospitalNumber : excerpt.hospitalNumbers()) {
            for (int p : registry.byHospitalNumber(hospitalNumber)) {
                found(found, p).add(!nameDisagrees(excerpt, named, p), HOSPITAL_NUMBER);
            }
        }
        if (found.isEmpty()) {
            return otherControllers.isEmpty() ? PatientMatcher.Matched.NOTHING
                    : new PatientMatcher.Matched(List.of(), otherControllers, 0);
        }
        Set<DataCategory> categories = excerpt.categories().isEmpty() ? Set.of()
                : Set.copyOf(EnumSet.copyOf(excerpt.categories()));
        List<Match> patients = new ArrayList<>(found.size());
        int testPatients = 0;
        for (var f : found.entrySet()) {
            if (registry.testPatient(f.getKey())) {
                testPatients++;
            } else {
                patients.add(new Match(registry.id(f.getKey()), f.getValue().confirmed, Set.copyOf(f.getValue().identifiers), categories));
            }
        }
        return new PatientMatcher.Matched(List.copyOf(patients), otherControllers, testPatients);
    }

    /** The rule for a number whose name disagrees, as the class comment states it. */
    private static boolean nameDisagrees(Excerpt excerpt, BitSet named, int patient) {
        if (!excerpt.nameLabelled() || excerpt.names().stream().allMatch(n -> n.family().isEmpty()) || named.get(patient)) {
            return false;
        }
        boolean anotherPatientNamed = named.cardinality() > 0;
        return anotherPatientNamed || !excerpt.dates().isEmpty();
    }

    private static Set<String> with(Set<String> set, String value) {
        if (set.isEmpty()) {
            return Set.of(value);
        }
        Set<String> more = new TreeSet<>(set);
        more.add(value);
        return Collections.unmodifiableSet(more);
    }

    private static boolean contains(int[] patients, int patient) {
        for (int p : patients) {
            if (p == patient) {
                return true;
            }
        }
        return false;
    }

    private static int[] union(int[] a, int[] b) {
        return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().toArray();
    }

    private static Found found(Map<Integer, Found> found, int patient) {
        return found.computeIfAbsent(patient, p -> new Found());
    }

    /** One patient's matches in the excerpt: confirmed if any way of finding them was. */
    private static final class Found {
        boolean confirmed;
        final Set<String> identifiers = new LinkedHashSet<>();

        void add(boolean confirming, String identifier) {
            confirmed |= confirming;
            identifiers.add(identifier);
        }
    }
}
