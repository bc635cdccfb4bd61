package org.pathguard.breach.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Words and phrases found as whole tokens in a line ("Potassium", "Full blood count", "mmol/L", "clinical details"),
 * cut into tokens as the line is, so "C-reactive protein" matches however it is spaced. Case does not matter, except
 * for test codes of three characters or fewer ("K", "ALT", "Na"), which match only as written so that the letter K in a
 * sentence is not potassium.
 */
final class Phrases {

    private final Words firstTokens;
    private final List<List<String[]>> groups = new ArrayList<>();
    private final List<List<Boolean>> exact = new ArrayList<>();

    Phrases(Iterable<String> phrases, boolean shortCodesAsWritten) {
        Map<String, Integer> first = new LinkedHashMap<>();
        Map<String, Integer> group = new HashMap<>();
        Tokens tokens = new Tokens();
        for (String phrase : phrases) {
            String trimmed = phrase.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            char[] chars = trimmed.toCharArray();
            tokens.read(chars, 0, chars.length, mark -> { });
            if (tokens.count == 0) {
                continue;
            }
            String[] parts = new String[tokens.count];
            for (int t = 0; t < tokens.count; t++) {
                parts[t] = tokens.text(t);
            }
            String key = parts[0].toLowerCase(java.util.Locale.ROOT);
            Integer g = group.get(key);
            if (g == null) {
                g = groups.size();
                group.put(key, g);
                first.put(key, g + 1);
                groups.add(new ArrayList<>());
                exact.add(new ArrayList<>());
            }
            groups.get(g).add(parts);
            exact.get(g).add(shortCodesAsWritten && trimmed.length() <= 3);
        }
        firstTokens = new Words(first);
    }

    /** Where the longest of these phrases starting at token {@code t} ends (the token after it), or -1. */
    int match(Tokens tokens, int t) {
        int g = firstTokens.get(tokens.chars, tokens.start[t], tokens.end[t]) - 1;
        if (g < 0) {
            return -1;
        }
        int best = -1;
        List<String[]> candidates = groups.get(g);
        for (int p = 0; p < candidates.size(); p++) {
            String[] parts = candidates.get(p);
            if (t + parts.length > tokens.count || t + parts.length <= best) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < parts.length && same; i++) {
                same = equal(parts[i], tokens, t + i, exact.get(g).get(p));
            }
            if (same) {
                best = t + parts.length;
            }
        }
        return best;
    }

    private static boolean equal(String part, Tokens tokens, int t, boolean exact) {
        int from = tokens.start[t];
        if (tokens.end[t] - from != part.length()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char a = part.charAt(i);
            char b = tokens.chars[from + i];
            if (exact ? a != b : Words.lower(a) != Words.lower(b)) {
                return false;
            }
        }
        return true;
    }
}
