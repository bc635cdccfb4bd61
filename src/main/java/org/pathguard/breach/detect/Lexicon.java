package org.pathguard.breach.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The words the rules treat specially, each with what it is: one lookup per capitalised word of a dump. */
final class Lexicon {

    /** Not a person's name (common English, the NHS's and the lab's words, places, units, the lab's test names). */
    static final int NOT_A_NAME = 1;
    /** Mr, Mrs, Ms, Miss, Mx, Dr...: the words after it name a person. */
    static final int TITLE = 1 << 1;
    /** A month's name or abbreviation; its number is in {@link #month}. */
    static final int MONTH = 1 << 2;
    /** "Name:" (a family, given or full name by the word before it). */
    static final int NAME_LABEL = 1 << 3;
    /** "Surname:", "Lastname:". */
    static final int FAMILY_LABEL = 1 << 4;
    /** "Forename:", "Forenames:", "Firstname:". */
    static final int GIVEN_LABEL = 1 << 5;
    /** "Patient:", "Re:", "Pt:": a person's full name follows. */
    static final int PERSON_LABEL = 1 << 6;
    /** "family", "last", "sur" before "name". */
    static final int FAMILY_WORD = 1 << 7;
    /** "first", "given", "fore", "christian" before "name". */
    static final int GIVEN_WORD = 1 << 8;
    /** "DOB", "born", "birth", "b": the date that follows is a date of birth. */
    static final int BIRTH_LABEL = 1 << 9;
    /** "fingerprint" and "pgfp": a PathGuard export's visible mark follows. */
    static final int FINGERPRINT = 1 << 10;
    /** A word of a table's header that names a column the detector reads (surname, DOB, NHS number...). */
    static final int HEADER = 1 << 11;
    private static final int MONTH_SHIFT = 24;

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"};

    private final Words words;
    /*
     * Small sets asked often (of every short capitalised word, of the words before every date, of every line with a
     * delimiter and no digits): kept apart from the whole lexicon so that their bit test turns most words away.
     */
    private final Words headers;
    private final Words titles;
    private final Words birthLabels;
    private final Words months;

    Lexicon(Vocabulary vocabulary) {
        Map<String, Integer> w = new HashMap<>();
        for (String word : notNames()) {
            put(w, word, NOT_A_NAME);
        }
        for (int m = 0; m < 12; m++) {
            int month = MONTH | (m + 1) << MONTH_SHIFT;
            put(w, MONTHS[m], month);
            put(w, MONTHS[m].substring(0, 3), month);
        }
        put(w, "sept", MONTH | 9 << MONTH_SHIFT);
        for (String t : new String[]{"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "revd", "master", "lady", "lord"}) {
            put(w, t, TITLE | NOT_A_NAME);
        }
        put(w, "name", NAME_LABEL | HEADER);
        put(w, "names", NAME_LABEL | HEADER);
        for (String t : new String[]{"surname", "lastname", "familyname", "surnames"}) {
            put(w, t, FAMILY_LABEL | HEADER | NOT_A_NAME);
        }
        for (String t : new String[]{"forename", "forenames", "firstname", "firstnames", "givenname", "givennames"}) {
            put(w, t, GIVEN_LABEL | HEADER | NOT_A_NAME);
        }
        for (String t : new String[]{"patient", "re", "pt", "client"}) {
            put(w, t, PERSON_LABEL);
        }
        put(w, "patient", HEADER);
        for (String t : new String[]{"family", "last", "sur"}) {
            put(w, t, FAMILY_WORD | HEADER);
        }
        for (String t : new String[]{"first", "given", "fore", "christian"}) {
            put(w, t, GIVEN_WORD | HEADER);
        }
        for (String t : new String[]{"dob", "born", "birth", "b", "d"}) {
            put(w, t, BIRTH_LABEL);
        }
        for (String t : new String[]{"dob", "birth", "birthdate", "birthday", "born", "fullname"}) {
            put(w, t, HEADER);
        }
        put(w, "fingerprint", FINGERPRINT);
        put(w, "pgfp", FINGERPRINT);
        // A test's name is health data, not a person's, however it is capitalised ("Potassium", "FBC").
        for (String name : vocabulary.testNames()) {
            if (name.indexOf(' ') < 0 && name.length() > 1) {
                put(w, name, NOT_A_NAME);
            }
        }
        for (String unit : vocabulary.units()) {
            if (unit.chars().allMatch(Character::isLetter)) {
                put(w, unit, NOT_A_NAME);
            }
        }
        words = new Words(w);
        headers = only(w, HEADER);
        titles = only(w, TITLE);
        birthLabels = only(w, BIRTH_LABEL);
        months = only(w, MONTH);
    }

    /** The month a word names (1 to 12), or 0. */
    int month(char[] chars, int start, int end) {
        return month(months.get(chars, start, end));
    }

    private static Words only(Map<String, Integer> words, int flag) {
        Map<String, Integer> some = new HashMap<>();
        words.forEach((word, flags) -> {
            if ((flags & flag) != 0) {
                some.put(word, flags);
            }
        });
        return new Words(some);
    }

    /** Mr, Mrs, Dr...: a person's name follows. */
    boolean title(char[] chars, int start, int end) {
        return titles.get(chars, start, end) != 0;
    }

    /** DOB, born, birth, and the letters of D.O.B and b.: the date beside it is a date of birth. */
    boolean birthLabel(char[] chars, int start, int end) {
        return birthLabels.get(chars, start, end) != 0;
    }

    /** Whether the word may head a column the detector reads. */
    boolean heading(char[] chars, int start, int end) {
        return headers.get(chars, start, end) != 0;
    }

    int get(char[] chars, int start, int end) {
        return words.get(chars, start, end);
    }

    static int month(int flags) {
        return (flags & MONTH) == 0 ? 0 : flags >>> MONTH_SHIFT;
    }

    private static void put(Map<String, Integer> w, String word, int flags) {
        w.merge(word.toLowerCase(Locale.ROOT), flags, (a, b) -> a | b);
    }

    private static Iterable<String> notNames() {
        java.util.List<String> all = new java.util.ArrayList<>();
        try (InputStream in = Lexicon.class.getResourceAsStream("not-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("not-names.txt is missing from the detector's package");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#")) {
                    for (String word : line.trim().split("\\s+")) {
                        if (!word.isEmpty()) {
                            all.add(word);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
