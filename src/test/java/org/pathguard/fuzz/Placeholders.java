package org.pathguard.fuzz;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {name} placeholders of a mutated template with values made for this one input: fresh
 * identifiers, so that an input is not refused merely as a repeat of an earlier one, or the lab
 * records it refers to. A name gets the same value wherever it appears; unknown names stay as written.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)}");

    private final Map<String, Supplier<String>> makers;
    private final Map<String, String> made = new HashMap<>();

    Placeholders(Map<String, Supplier<String>> makers) {
        this.makers = makers;
    }

    String fill(String template) {
        return PLACEHOLDER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(value(m.group(1), m.group())));
    }

    /** Whether the filled text used this name: an accepted input may have used up the record behind it. */
    boolean used(String name) {
        return made.containsKey(name);
    }

    private String value(String name, String asWritten) {
        Supplier<String> maker = makers.get(name);
        return maker == null ? asWritten : made.computeIfAbsent(name, n -> maker.get());
    }
}
