package org.pathguard.breach.detect;

import java.text.Normalizer;
import java.util.Locale;

/** How a name is written down for a blind index, at registration and in a scan alike: the two must agree. */
public final class Names {

    /** Blind-index kind of a patient's normalised family name with their date of birth. */
    public static final String FAMILY_AND_BIRTH_DATE = "family-name+date-of-birth";
    /** Blind-index kind of a patient's normalised family name with their first given name. */
    public static final String FAMILY_AND_GIVEN = "family-name+given-name";

    private Names() {
    }

    /** The value indexed under {@link #FAMILY_AND_BIRTH_DATE}. */
    public static String familyAndBirthDate(String normalisedFamily, java.time.LocalDate dateOfBirth) {
        return normalisedFamily + "|" + dateOfBirth;
    }

    /** The value indexed under {@link #FAMILY_AND_GIVEN}. */
    public static String familyAndGiven(String normalisedFamily, String normalisedGiven) {
        return normalisedFamily + "|" + normalisedGiven;
    }

    /**
     * A possible person's name read from a document: a family name and, when one stands beside it, a given name
     * (its first given name only). Both normalised.
     */
    public record Candidate(String family, String given) {
    }

    /**
     * Upper case, accents removed, and every character that is not a letter dropped: "O'Brien", "o brien" and
     * "Ó BRIEN" are all "OBRIEN"; "Smith-Jones" is "SMITHJONES". Empty when nothing is left.
     */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder s = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.isLetter(c) && c < 0x250) {
                s.append(c);
            }
        }
        return s.toString().toUpperCase(Locale.ROOT);
    }

    /** The first of a person's given names, normalised ("Mary Ann" is "MARY"). */
    public static String firstGiven(String givenNames) {
        if (givenNames == null) {
            return "";
        }
        String trimmed = givenNames.trim();
        int space = trimmed.indexOf(' ');
        return normalise(space < 0 ? trimmed : trimmed.substring(0, space));
    }
}
