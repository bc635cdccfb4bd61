package org.pathguard.lab;

import java.util.regex.Pattern;

/**
 * What the lab accepts as people's names and typed text: sane lengths, and no characters that could
 * break a label, a screen or a message on its way to another system (line breaks in a name, HL7
 * delimiters, control characters). Messages say what is wrong without echoing what was sent.
 */
public final class FreeText {

    /** Longer than any name the NHS Personal Demographics Service holds (35 a part), short enough for a label. */
    public static final int LONGEST_NAME = 80;
    public static final int LONGEST_LINE = 120;
    public static final int LONGEST_NOTE = 2000;

    // Letters of any script with their accents, and the marks names are written with: O'Brien, Smith-Jones, St. John.
    private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{M}][\\p{L}\\p{M} '’.-]*$");

    /** Fewer characters than this say nothing a reviewer can act on. */
    public static final int SHORTEST_REASON = 10;

    private FreeText() {
    }

    /**
     * Whether a reason reads as one: long enough, and at least two words of letters using several different
     * letters. Ten dots or one key held down say nothing the person who reviews it later can act on.
     */
    public static boolean saysWhy(String reason) {
        String text = reason == null ? "" : reason.strip();
        if (text.length() < SHORTEST_REASON) {
            return false;
        }
        long words = java.util.Arrays.stream(text.split("[^\\p{L}]+")).filter(w -> w.length() >= 2).count();
        long letters = text.toLowerCase(java.util.Locale.ROOT).codePoints().filter(Character::isLetter).distinct().count();
        return words >= 2 && letters >= 5;
    }

    /**
     * Why a person did something the record must explain (accepted QC after a failure, merged two records): required,
     * in words (see {@link #saysWhy}), one line of at most a note's length; {@code example} shows the kind of reason wanted.
     */
    public static String reason(String field, String value, String example) {
        if (!saysWhy(value)) {
            throw new LabRuleViolation("reason-not-in-words", field + " must say why in words: at least " + SHORTEST_REASON
                    + " characters and two words (for example \"" + example + "\")");
        }
        String reason = value.strip();
        if (reason.length() > LONGEST_NOTE) {
            throw new LabRuleViolation("text-too-long", field + " is longer than " + LONGEST_NOTE + " characters");
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw new LabRuleViolation("invalid-character", field + " must be one line without control characters");
        }
        return reason;
    }

    /** A person's name part, trimmed; required. */
    public static String name(String field, String value) {
        String name = required(field, value);
        if (name.length() > LONGEST_NAME) {
            throw new LabRuleViolation("invalid-name", field + " is longer than " + LONGEST_NAME + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw new LabRuleViolation("invalid-name", field + " may contain only letters, spaces, apostrophes, hyphens and full stops");
        }
        return name;
    }

    /** One line of typed text (a clinician's name, a reference), trimmed; required. */
    public static String line(String field, String value) {
        String line = required(field, value);
        if (line.length() > LONGEST_LINE) {
            throw new LabRuleViolation("text-too-long", field + " is longer than " + LONGEST_LINE + " characters");
        }
        if (line.chars().anyMatch(Character::isISOControl)) {
            throw new LabRuleViolation("invalid-character", field + " must be one line without control characters");
        }
        return line;
    }

    /** Notes such as clinical details: several lines allowed; trimmed, or null when blank. */
    public static String note(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String note = value.strip();
        if (note.length() > LONGEST_NOTE) {
            throw new LabRuleViolation("text-too-long", field + " is longer than " + LONGEST_NOTE + " characters");
        }
        if (note.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new LabRuleViolation("invalid-character", field + " contains control characters");
        }
        return note;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new LabRuleViolation("missing-field", field + " is required");
        }
        return value.strip();
    }
}
