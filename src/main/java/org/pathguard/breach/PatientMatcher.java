package org.pathguard.breach;

import org.pathguard.breach.detect.Excerpt;
import org.pathguard.breach.detect.Names;
import org.pathguard.crypto.BlindIndex;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The registry's blind indexes held in memory for a scan (ADR 0044): immutable once loaded ({@link RegistryIndexes#load}),
 * shared by every worker. It holds no name, number or date: an excerpt's values are made into blind indexes and looked
 * up, then forgotten with the call.
 * <p>
 * Each index is kept as its first 64 bits in a sorted array beside the patients it belongs to: 12 bytes an entry, with
 * 16 a patient for the id, so a million patients with all four indexes take about 64 MB. The indexes are keyed
 * HMAC-SHA256, so 64 of their bits are as good as random: a value the registry does not hold meets one of a million
 * patients' by chance about once in 2^44 lookups.
 */
final class PatientMatcher implements MatchRules.Registry {

    /**
     * What one excerpt named: the registered patients (test patients left out), the blind indexes in hex of valid NHS
     * numbers the registry does not hold (another controller's patients; to be counted distinct, never listed), and how
     * many test patients it named.
     */
    record Matched(List<Match> patients, Set<String> otherControllersNhs, int testPatients) {

        static final Matched NOTHING = new Matched(List.of(), Set.of(), 0);
    }

    /** Blind-index kinds of the registry's NHS and hospital numbers (patient.PatientProjection writes them). */
    static final String NHS_NUMBER_KIND = "nhs-number";
    static final String HOSPITAL_NUMBER_KIND = "hospital-number";

    private final BlindIndex index;
    private final long[] idHigh;
    private final long[] idLow;
    private final BitSet testPatients;
    private final Table nhs;
    private final Table hospital;
    private final Table familyBirth;
    private final Table name;

    PatientMatcher(BlindIndex index, long[] idHigh, long[] idLow, BitSet testPatients, Table nhs, Table hospital,
                   Table familyBirth, Table name) {
        this.index = index;
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.testPatients = testPatients;
        this.nhs = nhs;
        this.hospital = hospital;
        this.familyBirth = familyBirth;
        this.name = name;
    }

    /** The patients this excerpt names, by the rules in {@link MatchRules}. Thread-safe. */
    Matched match(Excerpt excerpt) {
        if (excerpt.nhsNumbers().isEmpty() && excerpt.hospitalNumbers().isEmpty() && excerpt.names().isEmpty()) {
            return Matched.NOTHING;
        }
        return MatchRules.match(excerpt, this);
    }

    /** Registered patients (not merged) held. */
    int patients() {
        return idHigh.length;
    }

    @Override
    public MatchRules.NhsNumberFound byNhsNumber(String nhsNumber) {
        byte[] blindIndex = index.of(NHS_NUMBER_KIND, nhsNumber);
        int[] patients = nhs.find(blindIndex);
        return new MatchRules.NhsNumberFound(patients, patients.length == 0 ? HexFormat.of().formatHex(blindIndex) : null);
    }

    @Override
    public int[] byHospitalNumber(String hospitalNumber) {
        return hospital.find(index.of(HOSPITAL_NUMBER_KIND, hospitalNumber));
    }

    @Override
    public int[] byFamilyAndBirthDate(String normalisedFamily, LocalDate dateOfBirth) {
        return familyBirth.find(index.of(Names.FAMILY_AND_BIRTH_DATE, Names.familyAndBirthDate(normalisedFamily, dateOfBirth)));
    }

    @Override
    public int[] byFamilyAndGiven(String normalisedFamily, String normalisedGiven) {
        return name.find(index.of(Names.FAMILY_AND_GIVEN, Names.familyAndGiven(normalisedFamily, normalisedGiven)));
    }

    @Override
    public boolean testPatient(int patient) {
        return testPatients.get(patient);
    }

    @Override
    public UUID id(int patient) {
        return new UUID(idHigh[patient], idLow[patient]);
    }

    /** The first 64 bits of a blind index, the key it is held under. */
    static long key(byte[] blindIndex) {
        return ByteBuffer.wrap(blindIndex).getLong();
    }

    /** One kind of index: keys sorted, each beside its patient; a key several patients share appears once for each. */
    static final class Table {
        private final long[] keys;
        private final int[] patients;

        /** Takes the arrays (their first {@code size} entries) and sorts them together by key. */
        Table(long[] keys, int[] patients, int size) {
            this.keys = Arrays.copyOf(keys, size);
            this.patients = Arrays.copyOf(patients, size);
            sort(this.keys, this.patients, 0, size - 1);
        }

        int[] find(byte[] blindIndex) {
            long key = key(blindIndex);
            int at = Arrays.binarySearch(keys, key);
            if (at < 0) {
                return new int[0];
            }
            int from = at;
            while (from > 0 && keys[from - 1] == key) {
                from--;
            }
            int to = at + 1;
            while (to < keys.length && keys[to] == key) {
                to++;
            }
            return Arrays.copyOfRange(patients, from, to);
        }

        int size() {
            return keys.length;
        }

        /**
         * Quicksort of the two arrays together, three-way so a key many share ("SMITH|JOHN") costs one pass; recursing
         * into the smaller side keeps the stack shallow.
         */
        private static void sort(long[] keys, int[] patients, int low, int high) {
            while (low < high) {
                long pivot = keys[low + (high - low) / 2];
                int lt = low;
                int gt = high;
                int i = low;
                while (i <= gt) {
                    if (keys[i] < pivot) {
                        swap(keys, patients, lt++, i++);
                    } else if (keys[i] > pivot) {
                        swap(keys, patients, i, gt--);
                    } else {
                        i++;
                    }
                }
                if (lt - low < high - gt) {
                    sort(keys, patients, low, lt - 1);
                    low = gt + 1;
                } else {
                    sort(keys, patients, gt + 1, high);
                    high = lt - 1;
                }
            }
        }

        private static void swap(long[] keys, int[] patients, int a, int b) {
            long k = keys[a];
            keys[a] = keys[b];
            keys[b] = k;
            int p = patients[a];
            patients[a] = patients[b];
            patients[b] = p;
        }
    }
}
