package org.pathguard.breach.detect;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds what identifies people in the text of a leaked dump, and the health data beside it. One detector serves the
 * whole scan: it holds only the lab's vocabulary, compiled once, and is safe to share between worker threads; each
 * document gets its own {@link DocumentScan}. The rules, their window and their known misses are ADR 0043.
 */
public final class Detector {

    /** Words that say a line holds clinical details: the requester's reason, a diagnosis, a history. */
    private static final List<String> CLINICAL_WORDS = List.of("clinical details", "clinical information",
            "clinical history", "clinical notes", "clinical indication", "diagnosis", "diagnoses", "diagnosed", "history",
            "hx", "pmh", "hpc", "symptoms", "symptomatic", "suspected", "presenting complaint", "complaining of", "c/o",
            "ddx", "differential", "impression", "indication", "reason for referral", "prognosis", "on treatment");

    final Lexicon lexicon;
    final Dates dates;
    final Phrases testNames;
    final Phrases units;
    final Phrases clinical;
    final Words odsCodes;
    final Words shapes;
    final int shortestShape;
    final int longestShape;
    /** A shape of digits only (a lab whose hospital numbers are "1234567"): plain numbers are then worth a look. */
    final boolean digitShapes;

    public Detector(Vocabulary vocabulary) {
        this(vocabulary, LocalDate.now(java.time.ZoneId.of("Europe/London")));
    }

    /** With the day the scan runs, which no date of birth is after. */
    Detector(Vocabulary vocabulary, LocalDate today) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        lexicon = new Lexicon(vocabulary);
        dates = new Dates(lexicon, today);
        testNames = new Phrases(vocabulary.testNames(), true);
        units = new Phrases(vocabulary.units(), false);
        clinical = new Phrases(CLINICAL_WORDS, false);
        Map<String, Integer> ods = new HashMap<>();
        vocabulary.odsCodes().forEach(code -> ods.put(code, 1));
        odsCodes = new Words(ods);
        Map<String, Integer> shape = new HashMap<>();
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        boolean digitsOnly = false;
        for (String s : vocabulary.hospitalNumberShapes()) {
            String upper = s.trim().toUpperCase(java.util.Locale.ROOT);
            if (upper.isEmpty() || upper.length() > 32 || !upper.chars().allMatch(c -> c == 'L' || c == 'D')) {
                continue; // not a shape: ignored rather than matching everything
            }
            shape.put(upper, 1);
            shortest = Math.min(shortest, upper.length());
            longest = Math.max(longest, upper.length());
            digitsOnly |= upper.indexOf('L') < 0;
        }
        shapes = new Words(shape);
        shortestShape = shortest;
        longestShape = longest;
        digitShapes = digitsOnly;
    }

    /**
     * Starts reading one document ({@code document} is its path in the dump, carried into every excerpt). Excerpts go
     * to {@code out} as their lines are finished, on the thread that feeds the scan.
     */
    public DocumentScan start(String document, Consumer<Excerpt> out) {
        return new DocumentScan(this, document, out);
    }
}
