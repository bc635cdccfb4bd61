package org.pathguard.breach.detect;

import java.util.Arrays;
import java.util.Set;

/**
 * The detection rules applied to one line's tokens: identifiers, dates, names and where the line says a person is
 * named; and, for lines that become part of an excerpt, the health data written there. One per document scan (it
 * keeps a little scratch space); the compiled vocabulary it reads is the detector's, shared.
 */
final class LineRules {

    private static final int MOST_NAME_WORDS = 4;

    private final Detector d;
    private int[] dateStarts = new int[8];
    private int dateCount;
    /** The name words a rule read: pairs of token indexes [from, to), and where a comma stood among them. */
    private final int[] wordFrom = new int[MOST_NAME_WORDS + 1];
    private final int[] wordTo = new int[MOST_NAME_WORDS + 1];
    private int wordCount;
    private int comma;

    LineRules(Detector detector) {
        this.d = detector;
    }

    /**
     * Reads identifiers, dates, names and postcodes from the line into {@code f}; visible export fingerprints into
     * {@code fingerprints}. {@code namesFromColumns}: a table row whose header says which cells are names, so
     * capitalised words elsewhere in the row are not read as names.
     */
    void identifiers(Tokens k, Facts f, boolean namesFromColumns, Set<String> fingerprints) {
        dateCount = 0;
        for (int t = 0; t < k.count; t++) {
            int after = -1;
            switch (k.kind[t]) {
                case Tokens.DIGITS -> {
                    after = nhsNumber(k, t, f);
                    if (after < 0) {
                        after = date(k, t, f);
                    }
                    if (after < 0) {
                        after = hospitalNumber(k, t, f);
                    }
                }
                case Tokens.MIXED -> {
                    after = date(k, t, f);
                    if (after < 0) {
                        after = postcode(k, t, f);
                    }
                    if (after < 0) {
                        after = hospitalNumber(k, t, f);
                    }
                    if (after < 0 && k.letterCase[t] != Tokens.LOWER && d.odsCodes.get(k.chars, k.start[t], k.end[t]) != 0) {
                        Facts.addOnce(f.odsCodes, k.text(t));
                    }
                }
                case Tokens.LETTERS -> {
                    if (t + 1 < k.count && (k.kind[t + 1] == Tokens.DIGITS || k.kind[t + 1] == Tokens.MIXED)) {
                        after = date(k, t, f);
                    }
                    if (after < 0 && k.letterCase[t] == Tokens.LOWER) {
                        after = fingerprint(k, t, fingerprints);
                    }
                    if (after < 0 && k.capitalised(t)) {
                        // Most capitalised words stand alone: only a possible title or the start of a pair is looked up.
                        if (d.lexicon.title(k.chars, k.start[t], k.end[t])) {
                            after = titledName(k, t, f);
                        } else if (!namesFromColumns && pair(k, t) && !notAName(k, t)) {
                            after = unlabelledName(k, t, f);
                        }
                    }
                }
                default -> {
                    if (k.chars[k.start[t]] == ':') {
                        after = label(k, t, f);
                    }
                }
            }
            if (after > t) {
                t = after - 1;
            }
        }
        if (!namesFromColumns) {
            for (int i = 0; i < dateCount; i++) {
                nameBeforeDate(k, dateStarts[i], f);
            }
        }
    }

    // ---- NHS numbers -------------------------------------------------------------------------------------------

    private final char[] ten = new char[10];

    private int nhsNumber(Tokens k, int t, Facts f) {
        int len = k.length(t);
        int after;
        if (len == 10) {
            after = plainTen(k, t);
            if (after > 0) {
                System.arraycopy(k.chars, k.start[t], ten, 0, 10);
            }
        } else if (len == 3) {
            after = grouped(k, t);
        } else if (len == 1) {
            after = scientific(k, t);
        } else {
            return -1;
        }
        if (after < 0 || !NhsNumbers.valid(ten, 0)) {
            return -1;
        }
        Facts.addOnce(f.nhsNumbers, new String(ten));
        return after;
    }

    /** 9434765919, and a spreadsheet's 9434765919.0; not ten digits of a longer number (0.9434765919, 12-9434765919-3). */
    private static int plainTen(Tokens k, int t) {
        if (t >= 2 && k.joined(t) && k.kind[t - 1] == Tokens.MARK && k.joined(t - 1) && k.kind[t - 2] == Tokens.DIGITS) {
            char c = k.chars[k.start[t - 1]];
            if (c == '.' || c == '-' || c == '/') {
                return -1;
            }
        }
        if (t + 2 < k.count && k.joined(t + 1) && k.kind[t + 1] == Tokens.MARK && k.joined(t + 2) && k.kind[t + 2] == Tokens.DIGITS) {
            char c = k.chars[k.start[t + 1]];
            if (c == '.') {
                for (int i = k.start[t + 2]; i < k.end[t + 2]; i++) {
                    if (k.chars[i] != '0') {
                        return -1;
                    }
                }
                return t + 3;
            }
            if (c == '-' || c == '/') {
                return -1;
            }
        }
        return t + 1;
    }

    /** 943 476 5919 and 943-476-5919, not inside a longer run of groups (a phone number, an account). */
    private int grouped(Tokens k, int t) {
        if (t + 2 < k.count && k.kind[t + 1] == Tokens.DIGITS && k.kind[t + 2] == Tokens.DIGITS
                && k.length(t + 1) == 3 && k.length(t + 2) == 4
                && k.start[t + 1] - k.end[t] == 1 && k.start[t + 2] - k.end[t + 1] == 1) {
            if (t > 0 && k.kind[t - 1] == Tokens.DIGITS && k.start[t] - k.end[t - 1] == 1
                    || t + 3 < k.count && k.kind[t + 3] == Tokens.DIGITS && k.start[t + 3] - k.end[t + 2] == 1) {
                return -1;
            }
            copyGroups(k, t, t + 1, t + 2);
            return t + 3;
        }
        if (t + 4 < k.count && k.is(t + 1, '-') && k.is(t + 3, '-') && k.kind[t + 2] == Tokens.DIGITS
                && k.kind[t + 4] == Tokens.DIGITS && k.length(t + 2) == 3 && k.length(t + 4) == 4
                && k.joined(t + 1) && k.joined(t + 2) && k.joined(t + 3) && k.joined(t + 4)) {
            if (t >= 2 && k.is(t - 1, '-') && k.joined(t) && k.joined(t - 1) && k.kind[t - 2] == Tokens.DIGITS
                    || t + 6 < k.count && k.is(t + 5, '-') && k.joined(t + 5) && k.joined(t + 6) && k.kind[t + 6] == Tokens.DIGITS) {
                return -1;
            }
            copyGroups(k, t, t + 2, t + 4);
            return t + 5;
        }
        return -1;
    }

    private void copyGroups(Tokens k, int a, int b, int c) {
        System.arraycopy(k.chars, k.start[a], ten, 0, 3);
        System.arraycopy(k.chars, k.start[b], ten, 3, 3);
        System.arraycopy(k.chars, k.start[c], ten, 6, 4);
    }

    /** A spreadsheet's scientific form: 9.434765919E9, 9.434765919E+09, 9.43476591E+9 (trailing zeros dropped). */
    private int scientific(Tokens k, int t) {
        if (t + 2 >= k.count || !k.is(t + 1, '.') || !k.joined(t + 1) || !k.joined(t + 2) || k.kind[t + 2] != Tokens.MIXED) {
            return -1;
        }
        if (t >= 2 && k.joined(t) && k.kind[t - 1] == Tokens.MARK && k.kind[t - 2] == Tokens.DIGITS && k.joined(t - 1)) {
            return -1;
        }
        int from = k.start[t + 2];
        int to = k.end[t + 2];
        int e = from;
        while (e < to && k.chars[e] >= '0' && k.chars[e] <= '9') {
            e++;
        }
        int fraction = e - from;
        if (fraction < 1 || fraction > 9 || e >= to || (k.chars[e] != 'E' && k.chars[e] != 'e')) {
            return -1;
        }
        int after;
        int exponent;
        if (e + 1 < to) {
            exponent = digits(k.chars, e + 1, to);
            after = t + 3;
        } else if (t + 4 < k.count && k.is(t + 3, '+') && k.joined(t + 3) && k.joined(t + 4) && k.kind[t + 4] == Tokens.DIGITS) {
            exponent = (int) Math.min(k.number(t + 4), Integer.MAX_VALUE);
            after = t + 5;
        } else {
            return -1;
        }
        if (exponent != 9) {
            return -1;
        }
        ten[0] = k.chars[k.start[t]];
        Arrays.fill(ten, 1, 10, '0');
        System.arraycopy(k.chars, from, ten, 1, fraction);
        return after;
    }

    private static int digits(char[] c, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (c[i] < '0' || c[i] > '9' || n > 1000) {
                return -1;
            }
            n = n * 10 + c[i] - '0';
        }
        return n;
    }

    // ---- dates, hospital numbers, postcodes, fingerprints ------------------------------------------------------

    private int date(Tokens k, int t, Facts f) {
        int after = d.dates.read(k, t, f.dates);
        if (after > 0) {
            if (dateCount == dateStarts.length) {
                dateStarts = Arrays.copyOf(dateStarts, dateCount * 2);
            }
            dateStarts[dateCount++] = t;
            for (int b = Math.max(0, t - 4); b < t; b++) {
                if (k.kind[b] == Tokens.LETTERS && d.lexicon.birthLabel(k.chars, k.start[b], k.end[b])) {
                    f.birthLabelled = true;
                }
            }
        }
        return after;
    }

    private final char[] shape = new char[32];

    private int hospitalNumber(Tokens k, int t, Facts f) {
        int len = k.length(t);
        if (len < d.shortestShape || len > d.longestShape || k.kind[t] == Tokens.DIGITS && !d.digitShapes) {
            return -1;
        }
        if (k.kind[t] == Tokens.DIGITS && (k.is(t - 1, '.') && k.joined(t) || k.is(t + 1, '.') && k.joined(t + 1)
                && t + 2 < k.count && k.kind[t + 2] == Tokens.DIGITS && k.joined(t + 2))) {
            return -1;
        }
        for (int i = 0; i < len; i++) {
            char c = k.chars[k.start[t] + i];
            shape[i] = c >= '0' && c <= '9' ? 'D' : 'L';
        }
        if (d.shapes.get(shape, 0, len) == 0) {
            return -1;
        }
        Facts.addOnce(f.hospitalNumbers, k.text(t).toUpperCase(java.util.Locale.ROOT));
        return t + 1;
    }

    private static int postcode(Tokens k, int t, Facts f) {
        char[] c = k.chars;
        if (Postcodes.whole(c, k.start[t], k.end[t])) {
            Facts.addOnce(f.postcodes, Postcodes.written(c, k.start[t], k.end[t]));
            return t + 1;
        }
        if (t + 1 < k.count && k.kind[t + 1] == Tokens.MIXED && k.start[t + 1] - k.end[t] == 1
                && Postcodes.outward(c, k.start[t], k.end[t]) && Postcodes.inward(c, k.start[t + 1], k.end[t + 1])) {
            Facts.addOnce(f.postcodes, Postcodes.written(c, k.start[t], k.end[t + 1]));
            return t + 2;
        }
        return -1;
    }

    /** "fingerprint 0123456789abcdef" in an export's header line, "pgfp:0123456789abcdef" in a PDF's hidden text. */
    private int fingerprint(Tokens k, int t, Set<String> fingerprints) {
        if ((k.length(t) != 11 && k.length(t) != 4) || (d.lexicon.get(k.chars, k.start[t], k.end[t]) & Lexicon.FINGERPRINT) == 0) {
            return -1;
        }
        int h = t + 1;
        if (k.length(t) == 4) {
            if (!k.is(h, ':') || !k.joined(h) || !k.joined(h + 1)) {
                return -1;
            }
            h++;
        }
        if (h >= k.count || k.length(h) != 16 || k.kind[h] == Tokens.MARK) {
            return -1;
        }
        for (int i = k.start[h]; i < k.end[h]; i++) {
            char c = k.chars[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return -1;
            }
        }
        fingerprints.add(k.text(h));
        return h + 1;
    }

    // ---- names -------------------------------------------------------------------------------------------------

    /** After a label's colon: where the name read ends, or -1. "Name:", "Patient name:", "Surname:", "Forename(s):", "Patient:", "Re:". */
    private int label(Tokens k, int colon, Facts f) {
        int w = colon - 1;
        if (k.is(w, ')') && k.is(w - 2, '(')) {
            w -= 3;
        }
        if (w < 0 || k.kind[w] != Tokens.LETTERS) {
            return -1;
        }
        int flags = d.lexicon.get(k.chars, k.start[w], k.end[w]);
        int role;
        if ((flags & Lexicon.NAME_LABEL) != 0) {
            int before = w > 0 && k.kind[w - 1] == Tokens.LETTERS ? d.lexicon.get(k.chars, k.start[w - 1], k.end[w - 1]) : 0;
            role = (before & Lexicon.FAMILY_WORD) != 0 ? Lexicon.FAMILY_LABEL
                    : (before & Lexicon.GIVEN_WORD) != 0 ? Lexicon.GIVEN_LABEL : Lexicon.PERSON_LABEL;
        } else {
            role = flags & (Lexicon.FAMILY_LABEL | Lexicon.GIVEN_LABEL | Lexicon.PERSON_LABEL);
        }
        if (role == 0) {
            return -1;
        }
        int from = colon + 1;
        while (from < k.count && k.kind[from] == Tokens.LETTERS
                && (d.lexicon.get(k.chars, k.start[from], k.end[from]) & Lexicon.TITLE) != 0) {
            from = k.is(from + 1, '.') ? from + 2 : from + 1;
        }
        readNameWords(k, from, true, k.count);
        if (wordCount == 0) {
            return -1;
        }
        f.nameLabelled = true;
        if (role == Lexicon.FAMILY_LABEL) {
            Facts.addOnce(f.labelledFamilies, normalise(k, wordFrom[0], wordTo[comma > 0 ? comma - 1 : wordCount - 1]));
        } else if (role == Lexicon.GIVEN_LABEL) {
            Facts.addOnce(f.labelledGivens, normalise(k, wordFrom[0], wordTo[0]));
        } else {
            fullName(k, f);
        }
        return wordTo[wordCount - 1] + 1;
    }

    /**
     * The name words from token {@code t}: up to four, joined within by apostrophes or hyphens ("O'Brien",
     * "Smith-Jones"), one comma among them ("OKAFOR, Grace"), initials passed over; stopping at the next label,
     * a number or a word in lower case after capitalised ones.
     */
    private void readNameWords(Tokens k, int t, boolean anyCase, int limit) {
        wordCount = 0;
        comma = -1;
        boolean lowerCaseName = false;
        int i = t;
        while (i < limit && wordCount < MOST_NAME_WORDS) {
            if (k.kind[i] == Tokens.LETTERS) {
                if (k.is(i + 1, ':') || k.length(i) > 1 && (d.lexicon.get(k.chars, k.start[i], k.end[i])
                        & (Lexicon.NOT_A_NAME | Lexicon.BIRTH_LABEL | Lexicon.NAME_LABEL)) != 0) {
                    break;
                }
                boolean lower = k.letterCase[i] == Tokens.LOWER;
                if (wordCount == 0 && comma < 0) {
                    if (lower && !anyCase) {
                        break;
                    }
                    lowerCaseName = lower;
                } else if (lower && !lowerCaseName) {
                    break;
                }
                int end = nameEnd(k, i);
                if (end == i + 1 && k.length(i) == 1) {
                    i = k.is(i + 1, '.') ? i + 2 : i + 1;
                    continue; // an initial
                }
                wordFrom[wordCount] = i;
                wordTo[wordCount] = end - 1;
                wordCount++;
                i = end;
            } else if (k.is(i, ',') && comma < 0 && wordCount > 0) {
                comma = wordCount;
                i++;
            } else {
                break;
            }
        }
        if (comma == wordCount) {
            comma = -1;
        }
    }

    /** A table cell under a name heading ("Name", "Patient name"): a full name however it is written or cased. */
    void nameInCell(Tokens k, int from, int to, Facts f) {
        readNameWords(k, from, true, to);
        if (wordCount > 0) {
            fullName(k, f);
        }
    }

    /** A cell under a given-name heading: its first name, normalised ("Grace Adaeze" is GRACE), as Names.firstGiven. */
    String firstWord(Tokens k, int from, int to) {
        for (int t = from; t < to; t++) {
            if (k.kind[t] == Tokens.LETTERS) {
                return normalise(k, t, Math.min(nameEnd(k, t), to) - 1);
            }
        }
        return "";
    }

    /** The token after a name word that may join parts with an apostrophe or a hyphen. */
    private static int nameEnd(Tokens k, int t) {
        int e = t + 1;
        while (e + 1 < k.count && k.joined(e) && k.joined(e + 1) && k.kind[e + 1] == Tokens.LETTERS
                && (k.is(e, '\'') || k.is(e, '\u2019') || k.is(e, '-'))) {
            e += 2;
        }
        return e;
    }

    private static String normalise(Tokens k, int fromToken, int lastToken) {
        return normalise(k.chars, k.start[fromToken], k.end[lastToken]);
    }

    /**
     * {@link Names#normalise} of {@code chars[from, to)}, the same answer: for plain ASCII (most names in a dump)
     * without Unicode decomposition, which would otherwise be the dearest step of reading a name.
     */
    static String normalise(char[] chars, int from, int to) {
        char[] s = new char[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c >= 128) {
                return Names.normalise(new String(chars, from, to - from));
            }
            if (c >= 'a' && c <= 'z') {
                s[n++] = (char) (c - 32);
            } else if (c >= 'A' && c <= 'Z') {
                s[n++] = c;
            }
        }
        return new String(s, 0, n);
    }

    private String word(Tokens k, int w) {
        return normalise(k, wordFrom[w], wordTo[w]);
    }

    /**
     * A full name as the words read say it: "OKAFOR, Grace" and "Okafor, Grace" family first; "OKAFOR Grace" family
     * first; "Grace OKAFOR" and "Grace Adaeze Okafor" given first; two words alike ("Grace Okafor", "OKAFOR GRACE")
     * both ways round, since lists write "Okafor Grace" too and the matcher decides.
     */
    private void fullName(Tokens k, Facts f) {
        if (comma > 0) {
            String family = normalise(k, wordFrom[0], wordTo[comma - 1]);
            f.name(new Names.Candidate(family, word(k, comma)));
            return;
        }
        if (wordCount == 1) {
            f.name(new Names.Candidate(word(k, 0), ""));
            return;
        }
        boolean firstUpper = k.letterCase[wordFrom[0]] == Tokens.UPPER;
        boolean lastUpper = k.letterCase[wordFrom[wordCount - 1]] == Tokens.UPPER;
        if (firstUpper && !lastUpper) {
            f.name(new Names.Candidate(word(k, 0), word(k, 1)));
        } else if (!firstUpper && lastUpper) {
            f.name(new Names.Candidate(word(k, wordCount - 1), word(k, 0)));
        } else {
            f.name(new Names.Candidate(word(k, wordCount - 1), word(k, 0)));
            if (wordCount == 2) {
                f.name(new Names.Candidate(word(k, 0), word(k, 1)));
            }
        }
    }

    /** "Mrs Grace Okafor", "Dr Okafor", "Mr G. Okafor", "Dear Ms OKAFOR": a title, then the name. */
    private int titledName(Tokens k, int t, Facts f) {
        int from = k.is(t + 1, '.') && k.joined(t + 1) ? t + 2 : t + 1;
        readNameWords(k, from, false, k.count);
        if (wordCount == 0) {
            return -1;
        }
        if (comma > 0) {
            fullName(k, f);
        } else {
            // After a title the last word is the family name; the first, when there are two, the given name.
            String family = word(k, wordCount - 1);
            f.name(new Names.Candidate(family, wordCount > 1 ? word(k, 0) : ""));
        }
        f.nameLabelled = true;
        return wordTo[wordCount - 1] + 1;
    }

    /**
     * Two or three capitalised words that are not common words, titles or test names, side by side ("Grace Okafor",
     * "OKAFOR Grace", "Okafor, Grace"). A single word is a name only beside a date (see nameBeforeDate); four or
     * more in a row are a heading.
     */
    private int unlabelledName(Tokens k, int t, Facts f) {
        int next = nameEnd(k, t);
        if (next == t + 1 && k.length(t) < 2) {
            return -1;
        }
        wordCount = 0;
        comma = -1;
        int i = t;
        while (i < k.count && k.kind[i] == Tokens.LETTERS && k.capitalised(i)) {
            int end = nameEnd(k, i);
            if (k.length(i) == 1 && end == i + 1 && wordCount > 0) {
                i = k.is(i + 1, '.') && k.joined(i + 1) ? i + 2 : i + 1;
                continue;
            }
            if (wordCount > 0 && (end == i + 1 && k.length(i) < 2 || notAName(k, i))) {
                break;
            }
            if (wordCount == MOST_NAME_WORDS - 1) {
                return skipCapitalised(k, i);
            }
            wordFrom[wordCount] = i;
            wordTo[wordCount] = end - 1;
            wordCount++;
            i = end;
            if (comma < 0 && wordCount == 1 && k.is(i, ',') && k.joined(i) && i + 1 < k.count) {
                comma = 1;
                i++;
            } else if (comma > 0 || i >= k.count || !k.spaceBefore[i]) {
                break;
            }
        }
        if (wordCount < 2) {
            return wordCount == 1 ? wordTo[0] + 1 : -1;
        }
        fullName(k, f);
        return wordTo[wordCount - 1] + 1;
    }

    /** Past a heading of many capitalised words, none of them read as a name. */
    private static int skipCapitalised(Tokens k, int t) {
        int i = t;
        while (i < k.count && k.kind[i] == Tokens.LETTERS && k.capitalised(i)) {
            i = nameEnd(k, i);
        }
        return i;
    }

    /** Another capitalised word follows this one: "Grace Okafor", "Okafor, Grace". */
    private static boolean pair(Tokens k, int t) {
        int next = nameEnd(k, t);
        return next < k.count && k.kind[next] == Tokens.LETTERS && k.spaceBefore[next] && k.capitalised(next)
                || next + 1 < k.count && k.is(next, ',') && k.joined(next) && k.kind[next + 1] == Tokens.LETTERS
                && k.capitalised(next + 1);
    }

    private boolean notAName(Tokens k, int t) {
        return (d.lexicon.get(k.chars, k.start[t], k.end[t]) & Lexicon.NOT_A_NAME) != 0;
    }

    /** "Okafor 14/02/1980", "OKAFOR, DOB 14/02/1980", "O'Brien (b. 1 Feb 1980)": a family name standing alone by a date. */
    private void nameBeforeDate(Tokens k, int date, Facts f) {
        int j = date - 1;
        for (int steps = 0; j >= 0 && steps < 6; steps++) {
            if (k.kind[j] == Tokens.MARK && ",(:;-.".indexOf(k.chars[k.start[j]]) >= 0
                    || k.kind[j] == Tokens.LETTERS && (k.length(j) == 1 || d.lexicon.birthLabel(k.chars, k.start[j], k.end[j]))) {
                j--;
            } else {
                break;
            }
        }
        if (j < 0 || k.kind[j] != Tokens.LETTERS || !k.capitalised(j) || k.length(j) < 2) {
            return;
        }
        while (j >= 2 && k.joined(j) && k.joined(j - 1) && k.kind[j - 2] == Tokens.LETTERS
                && (k.is(j - 1, '\'') || k.is(j - 1, '\u2019') || k.is(j - 1, '-'))) {
            j -= 2;
        }
        int before = j - 1;
        if (before >= 0 && (k.kind[before] == Tokens.LETTERS && k.capitalised(before) || k.is(before, ','))) {
            return; // beside another name: the pair rule read it, with its given name
        }
        if (notAName(k, j)) {
            return;
        }
        int end = nameEnd(k, j);
        f.name(new Names.Candidate(normalise(k, j, end - 1), ""));
    }

    // ---- health data -------------------------------------------------------------------------------------------

    /** The health data a line of an excerpt exposes: the lab's test names, result values, clinical details. */
    void health(Tokens k, Set<DataCategory> into) {
        for (int t = 0; t < k.count; t++) {
            byte kind = k.kind[t];
            if (kind == Tokens.LETTERS || kind == Tokens.MIXED) {
                int test = d.testNames.match(k, t);
                if (test > 0) {
                    into.add(DataCategory.TEST_NAMES);
                    if (valueAfterTest(k, test)) {
                        into.add(DataCategory.RESULT_VALUES);
                    }
                    t = test - 1;
                    continue;
                }
                int clinical = d.clinical.match(k, t);
                if (clinical > 0) {
                    into.add(DataCategory.CLINICAL_DETAILS);
                    t = clinical - 1;
                }
            } else if (kind == Tokens.DIGITS) {
                int e = t + 1;
                if (k.is(e, '.') && k.joined(e) && e + 1 < k.count && k.kind[e + 1] == Tokens.DIGITS && k.joined(e + 1)) {
                    e += 2;
                }
                if (e < k.count && d.units.match(k, e) > 0) {
                    into.add(DataCategory.RESULT_VALUES);
                }
                t = e - 1;
            } else if (k.is(t, '?') && t + 1 < k.count && k.joined(t + 1) && k.kind[t + 1] != Tokens.MARK
                    && k.kind[t + 1] != Tokens.DIGITS && (t == 0 || k.spaceBefore[t] || k.kind[t - 1] == Tokens.MARK)) {
                into.add(DataCategory.CLINICAL_DETAILS); // "?UTI", "?MI": what the requester suspects
            }
        }
    }

    /** "Potassium 7.1", "K: 7.1", "Potassium\t7.1", "Sodium = <130". */
    private static boolean valueAfterTest(Tokens k, int t) {
        int i = t;
        for (int steps = 0; i < k.count && k.kind[i] == Tokens.MARK && steps < 3; steps++) {
            char c = k.chars[k.start[i]];
            if (":=\t,<>(".indexOf(c) < 0) {
                return false;
            }
            i++;
        }
        return i < k.count && k.kind[i] == Tokens.DIGITS;
    }
}
