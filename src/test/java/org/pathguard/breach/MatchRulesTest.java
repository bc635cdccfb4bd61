package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.pathguard.breach.detect.DataCategory;
import org.pathguard.breach.detect.Excerpt;
import org.pathguard.breach.detect.Names;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The match rules, each way, over a registry of a few patients held in plain maps (no database, no keys). */
class MatchRulesTest {

    private static final LocalDate ADA_BORN = LocalDate.of(1961, 3, 4);
    private static final LocalDate TOM_BORN = LocalDate.of(1990, 12, 25);

    /** Patients: 0 Ada Lovelace, 1 Tom Lovelace (her namesake), 2 Ada Lovelace's twin Ann, 3 a test patient. */
    private final Registry registry = new Registry()
            .patient(0, "4010232137", "RX123456", "LOVELACE", "ADA", ADA_BORN, false)
            .patient(1, "4505577104", null, "LOVELACE", "TOM", TOM_BORN, false)
            .patient(2, null, null, "LOVELACE", "ANN", ADA_BORN, false)
            .patient(3, "9990000026", null, "TESTER", "TINA", ADA_BORN, true);

    @Test
    void anNhsNumberConfirmsItsPatient() {
        PatientMatcher.Matched m = match(excerpt(List.of("4010232137"), List.of(), List.of(), List.of(), false));
        assertThat(m.patients()).containsExactly(match(0, true, "nhs-number"));
        assertThat(m.otherControllersNhs()).isEmpty();
    }

    @Test
    void aHospitalNumberConfirmsItsPatient() {
        assertThat(match(excerpt(List.of(), List.of("RX123456"), List.of(), List.of(), false)).patients())
                .containsExactly(match(0, true, "hospital-number"));
    }

    @Test
    void aNumberWithTheRightNameOrAnUnrecognisedOneStandsConfirmed() {
        assertThat(match(excerpt(List.of("4010232137"), List.of(), List.of(name("LOVELACE", "ADA")), List.of(ADA_BORN), true))
                .patients()).containsExactly(match(0, true, "name+date-of-birth", "nhs-number"));
        // "Name: Ward Sister" and no date: nothing says the number is someone else's.
        assertThat(match(excerpt(List.of("4010232137"), List.of(), List.of(name("SISTER", "WARD")), List.of(), true))
                .patients()).containsExactly(match(0, true, "nhs-number"));
        // An unlabelled stray name beside a date does not overturn the number either.
        assertThat(match(excerpt(List.of("4010232137"), List.of(), List.of(name("SISTER", "WARD")), List.of(TOM_BORN), false))
                .patients()).containsExactly(match(0, true, "nhs-number"));
    }

    @Test
    void aNumberUnderAnotherPatientsNameIsOnlyPossible() {
        // Tom's name labelled beside Ada's number: Ada possible by the number; Tom by name alone (no date).
        PatientMatcher.Matched m = match(excerpt(List.of("4010232137"), List.of(), List.of(name("LOVELACE", "TOM")), List.of(), true));
        assertThat(m.patients()).containsExactlyInAnyOrder(match(0, false, "nhs-number"), match(1, false, "name"));
        // With Tom's date of birth: Tom confirmed, Ada's number still only possible.
        m = match(excerpt(List.of(), List.of("RX123456"), List.of(name("LOVELACE", "TOM")), List.of(TOM_BORN), true));
        assertThat(m.patients()).containsExactlyInAnyOrder(match(0, false, "hospital-number"), match(1, true, "name+date-of-birth"));
    }

    @Test
    void aNumberUnderAnUnknownNameWithADateIsOnlyPossible() {
        PatientMatcher.Matched m = match(excerpt(List.of("4010232137"), List.of(), List.of(name("BABBAGE", "CHARLES")),
                List.of(LocalDate.of(1791, 12, 26)), true));
        assertThat(m.patients()).containsExactly(match(0, false, "nhs-number"));
    }

    @Test
    void familyNameAndDateOfBirthConfirmWithTheGivenNameAgreeing() {
        assertThat(match(excerpt(List.of(), List.of(), List.of(name("LOVELACE", "")), List.of(TOM_BORN), false)).patients())
                .containsExactly(match(1, true, "name+date-of-birth"));
        // Ada and her twin Ann share family name and birthday: the given name picks one; with none, both.
        assertThat(match(excerpt(List.of(), List.of(), List.of(name("LOVELACE", "ANN")), List.of(ADA_BORN), false)).patients())
                .containsExactly(match(2, true, "name+date-of-birth"));
        assertThat(match(excerpt(List.of(), List.of(), List.of(name("LOVELACE", "")), List.of(ADA_BORN), false)).patients())
                .containsExactlyInAnyOrder(match(0, true, "name+date-of-birth"), match(2, true, "name+date-of-birth"));
    }

    @Test
    void aFamilyNameAndBirthdayUnderAnotherGivenNameIsNobody() {
        assertThat(match(excerpt(List.of(), List.of(), List.of(name("LOVELACE", "EDITH")), List.of(ADA_BORN), true)).patients())
                .isEmpty();
    }

    @Test
    void aNameAloneOrWithADateThatIsNotTheirBirthdayIsPossible() {
        assertThat(match(excerpt(List.of(), List.of(), List.of(name("LOVELACE", "ADA")), List.of(), true)).patients())
                .containsExactly(match(0, false, "name"));
        assertThat(match(excerpt(List.of(), List.of(), List.of(name("LOVELACE", "ADA")), List.of(TOM_BORN), true)).patients())
                .containsExactly(match(0, false, "name"));
        assertThat(match(excerpt(List.of(), List.of(), List.of(name("LOVELACE", "")), List.of(), true)).patients())
                .as("a family name alone is nobody").isEmpty();
    }

    @Test
    void anUnregisteredNhsNumberIsCountedByItsIndexNotListed() {
        PatientMatcher.Matched m = match(excerpt(List.of("4857773457", "4857773457", "9990000034"), List.of(), List.of(), List.of(), false));
        assertThat(m.patients()).isEmpty();
        assertThat(m.otherControllersNhs()).as("one number, counted once; the 999 test range is nobody's").containsExactly("index:4857773457");
    }

    @Test
    void testPatientsAreCountedApartNeverListed() {
        PatientMatcher.Matched m = match(excerpt(List.of("9990000026", "4010232137"), List.of(), List.of(name("TESTER", "TINA")),
                List.of(ADA_BORN), false));
        assertThat(m.patients()).extracting(Match::patientId).containsExactly(id(0));
        assertThat(m.testPatients()).isOne();
    }

    @Test
    void theExcerptsCategoriesAreThePatientsExposure() {
        Excerpt e = new Excerpt("a.csv", 3, List.of("4010232137"), List.of(), List.of(), List.of(), false, List.of(), List.of(),
                Set.of(DataCategory.NHS_NUMBER, DataCategory.TEST_NAMES, DataCategory.RESULT_VALUES));
        assertThat(match(e).patients().getFirst().categories())
                .containsExactlyInAnyOrder(DataCategory.NHS_NUMBER, DataCategory.TEST_NAMES, DataCategory.RESULT_VALUES);
    }

    private PatientMatcher.Matched match(Excerpt excerpt) {
        return MatchRules.match(excerpt, registry);
    }

    private static Match match(int patient, boolean confirmed, String... identifiers) {
        return new Match(id(patient), confirmed, Set.of(identifiers), Set.of());
    }

    private static UUID id(int patient) {
        return new UUID(0, patient);
    }

    private static Names.Candidate name(String family, String given) {
        return new Names.Candidate(family, given);
    }

    private static Excerpt excerpt(List<String> nhs, List<String> hospital, List<Names.Candidate> names, List<LocalDate> dates,
                                   boolean labelled) {
        return new Excerpt("dump/letters.docx", 1, nhs, hospital, dates, names, labelled, List.of(), List.of(), Set.of());
    }

    /** The registry in maps from the values themselves: the rules see only lookups, so this is all they need. */
    private static final class Registry implements MatchRules.Registry {
        private final Map<String, List<Integer>> lookups = new HashMap<>();
        private final Set<Integer> tests = new java.util.HashSet<>();

        Registry patient(int p, String nhs, String hospital, String family, String given, LocalDate born, boolean test) {
            put("nhs:" + nhs, p);
            put("hospital:" + hospital, p);
            put("birth:" + family + "|" + born, p);
            put("name:" + family + "|" + given, p);
            if (test) {
                tests.add(p);
            }
            return this;
        }

        private void put(String key, int p) {
            lookups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }

        private int[] get(String key) {
            return lookups.getOrDefault(key, List.of()).stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public MatchRules.NhsNumberFound byNhsNumber(String nhsNumber) {
            int[] patients = get("nhs:" + nhsNumber);
            return new MatchRules.NhsNumberFound(patients, patients.length == 0 ? "index:" + nhsNumber : null);
        }

        @Override
        public int[] byHospitalNumber(String hospitalNumber) {
            return get("hospital:" + hospitalNumber);
        }

        @Override
        public int[] byFamilyAndBirthDate(String normalisedFamily, LocalDate dateOfBirth) {
            return get("birth:" + normalisedFamily + "|" + dateOfBirth);
        }

        @Override
        public int[] byFamilyAndGiven(String normalisedFamily, String normalisedGiven) {
            return get("name:" + normalisedFamily + "|" + normalisedGiven);
        }

        @Override
        public boolean testPatient(int patient) {
            return tests.contains(patient);
        }

        @Override
        public UUID id(int patient) {
            return MatchRulesTest.id(patient);
        }
    }
}
