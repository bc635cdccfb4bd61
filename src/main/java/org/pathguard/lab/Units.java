package org.pathguard.lab;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Units as people write them on a screen or a printed report (×10⁹/L, µmol/L, ratio) from the UCUM
 * codes the catalogue, HL7 and FHIR carry (10*9/L, umol/L, {ratio}). Only what is shown changes:
 * the interfaces keep UCUM, which machines parse.
 */
public final class Units {

    private static final Pattern POWER_OF_TEN = Pattern.compile("10[*^](-?\\d+)");
    private static final Pattern ANNOTATION = Pattern.compile("\\{([^}]*)}");
    private static final Pattern ARBITRARY = Pattern.compile("\\[([^]]*)]");
    // UCUM writes the micro prefix as "u"; only before a unit it can prefix, so "U/L" and "mU/L" stay as they are.
    private static final Pattern MICRO = Pattern.compile("(?<![A-Za-z])u(?=(mol|g|L|U|IU|m|s)(?![A-Za-z]))");
    private static final Pattern SQUARED = Pattern.compile("(?<=[A-Za-z])2(?![0-9])");
    private static final Map<Character, Character> SUPERSCRIPT = Map.ofEntries(Map.entry('0', '⁰'), Map.entry('1', '¹'),
            Map.entry('2', '²'), Map.entry('3', '³'), Map.entry('4', '⁴'), Map.entry('5', '⁵'), Map.entry('6', '⁶'),
            Map.entry('7', '⁷'), Map.entry('8', '⁸'), Map.entry('9', '⁹'), Map.entry('-', '⁻'));

    private Units() {
    }

    /** The unit as written for people; empty for none. A code it has no rule for is shown as it is. */
    public static String written(String ucum) {
        if (ucum == null || ucum.isBlank()) {
            return "";
        }
        String text = ucum.strip();
        Matcher power = POWER_OF_TEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (power.find()) {
            power.appendReplacement(out, Matcher.quoteReplacement("×10" + superscript(power.group(1))));
        }
        power.appendTail(out);
        text = out.toString();
        // An annotation alone ({ratio}, {index}) is the unit's name; after a unit it says what was counted.
        text = ANNOTATION.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1).replace('_', ' ')));
        text = ARBITRARY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        text = MICRO.matcher(text).replaceAll("µ");
        text = SQUARED.matcher(text).replaceAll("²");
        return text;
    }

    private static String superscript(String digits) {
        StringBuilder s = new StringBuilder();
        digits.chars().forEach(c -> s.append(SUPERSCRIPT.get((char) c)));
        return s.toString();
    }
}
