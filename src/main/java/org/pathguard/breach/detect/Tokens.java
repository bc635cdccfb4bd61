package org.pathguard.breach.detect;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One line cut into tokens in a single pass over its characters: runs of digits, runs of letters, runs of both
 * ("RX123456", "SE5", "1st"), and every other visible character on its own. Spaces are not tokens; a token only
 * records whether one stood before it. The rules then work on tokens, never on characters with a regex.
 */
final class Tokens {

    static final byte DIGITS = 1;
    static final byte LETTERS = 2;
    static final byte MIXED = 3;
    static final byte MARK = 4;

    /** Letters' case, for names: "Okafor" (or "McDonald"), "OKAFOR", "okafor". */
    static final byte TITLE = 1;
    static final byte UPPER = 2;
    static final byte LOWER = 3;

    private static final char FRAME = '\u2060';
    private static final char ZERO = '\u200B';
    private static final char ONE = '\u200C';
    private static final int MARK_BITS = 64;

    private static final byte SPACE = 0;
    private static final byte DIGIT = 1;
    private static final byte LETTER = 2;
    private static final byte OTHER = 4;
    private static final byte[] ASCII = new byte[128];
    private static final byte HOLDS_DIGIT = 1;
    private static final byte HOLDS_UPPER = 2;
    private static final byte HOLDS_LOWER = 4;
    /** What an ASCII character adds to a run of letters and digits; 0 ends the run. */
    private static final byte[] RUN = new byte[128];

    static {
        Arrays.fill(ASCII, OTHER);
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = DIGIT;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = LETTER;
            ASCII[c - 32] = LETTER;
        }
        for (char c = 0; c <= ' '; c++) {
            ASCII[c] = SPACE;
        }
        ASCII['\t'] = OTHER; // a column in a TSV row or a spreadsheet read as text
        ASCII[127] = SPACE;
        for (char c = '0'; c <= '9'; c++) {
            RUN[c] = HOLDS_DIGIT;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            RUN[c] = HOLDS_LOWER;
            RUN[c - 32] = HOLDS_UPPER;
        }
    }

    char[] chars;
    int count;
    int[] start = new int[256];
    int[] end = new int[256];
    byte[] kind = new byte[256];
    byte[] letterCase = new byte[256];
    boolean[] spaceBefore = new boolean[256];
    /** Whether the line has a digit anywhere: a table's header has none. */
    boolean anyDigits;
    /** How many of each delimiter a table row could have: tabs, commas, semicolons, bars. */
    int tabs;
    int commas;
    int semicolons;
    int bars;

    /**
     * Cuts {@code text[from, to)} into tokens up to the first line break (\n or \r), and returns where that break
     * is, or {@code to} when there is none. Token positions are indexes into {@code text}, read in place. An
     * invisible export mark found on the way goes to {@code marks}.
     */
    int read(char[] text, int from, int to, Consumer<String> marks) {
        chars = text;
        count = 0;
        anyDigits = false;
        tabs = 0;
        commas = 0;
        semicolons = 0;
        bars = 0;
        boolean space = true;
        int i = from;
        while (i < to) {
            char c = text[i];
            byte cls = c < 128 ? ASCII[c] : wide(c);
            if (cls == SPACE) {
                if (c == '\n' || c == '\r') {
                    return i;
                }
                space = true;
                i++;
                continue;
            }
            if (c == FRAME && i + MARK_BITS + 1 < to) {
                int after = mark(text, i, marks);
                if (after > i) {
                    i = after;
                    continue;
                }
            }
            int start = i;
            if (cls == OTHER) {
                switch (c) {
                    case '\t' -> tabs++;
                    case ',' -> commas++;
                    case ';' -> semicolons++;
                    case '|' -> bars++;
                    default -> { }
                }
                i++;
                add(start, i, MARK, (byte) 0, space);
                space = false;
                continue;
            }
            // One run of letters and digits; what it holds gathered as bits, ASCII by table.
            int holds = 0;
            while (i < to) {
                char d = text[i];
                if (d < 128) {
                    byte b = RUN[d];
                    if (b == 0) {
                        break;
                    }
                    holds |= b;
                } else if (Character.isLetter(d)) {
                    holds |= Character.isUpperCase(d) ? HOLDS_UPPER : HOLDS_LOWER;
                } else {
                    break;
                }
                i++;
            }
            boolean letters = (holds & (HOLDS_UPPER | HOLDS_LOWER)) != 0;
            boolean digits = (holds & HOLDS_DIGIT) != 0;
            byte k = !letters ? DIGITS : !digits ? LETTERS : MIXED;
            byte lc = 0;
            if (letters) {
                char first = text[start];
                boolean firstUpper = first < 128 ? first >= 'A' && first <= 'Z' : Character.isUpperCase(first);
                lc = !firstUpper ? LOWER : (holds & HOLDS_LOWER) == 0 ? UPPER : TITLE;
            }
            anyDigits |= digits;
            add(start, i, k, lc, space);
            space = false;
        }
        return to;
    }

    private static byte wide(char c) {
        if (Character.isLetter(c)) {
            return LETTER;
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == ZERO || c == ONE || c == '\uFEFF' ? SPACE : OTHER;
    }

    /** Reads an export's invisible mark (64 zero-width bits between word joiners) at {@code at}; where it ends, or {@code at}. */
    private static int mark(char[] line, int at, Consumer<String> marks) {
        long bits = 0;
        for (int b = 1; b <= MARK_BITS; b++) {
            char c = line[at + b];
            if (c != ZERO && c != ONE) {
                return at;
            }
            bits = (bits << 1) | (c == ONE ? 1 : 0);
        }
        if (line[at + MARK_BITS + 1] != FRAME) {
            return at;
        }
        marks.accept(String.format("%016x", bits));
        return at + MARK_BITS + 2;
    }

    private void add(int from, int to, byte k, byte lc, boolean space) {
        if (count == start.length) {
            int n = count * 2;
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            kind = Arrays.copyOf(kind, n);
            letterCase = Arrays.copyOf(letterCase, n);
            spaceBefore = Arrays.copyOf(spaceBefore, n);
        }
        start[count] = from;
        end[count] = to;
        kind[count] = k;
        letterCase[count] = lc;
        spaceBefore[count] = space;
        count++;
    }

    int length(int t) {
        return end[t] - start[t];
    }

    boolean is(int t, char c) {
        return t >= 0 && t < count && kind[t] == MARK && chars[start[t]] == c;
    }

    /** Token {@code t} follows {@code t - 1} with no space between. */
    boolean joined(int t) {
        return t > 0 && t < count && !spaceBefore[t];
    }

    boolean capitalised(int t) {
        return letterCase[t] == TITLE || letterCase[t] == UPPER;
    }

    String text(int t) {
        return new String(chars, start[t], end[t] - start[t]);
    }

    /** The number a run of digits writes, or -1 when it is too long for one. */
    long number(int t) {
        if (kind[t] != DIGITS || length(t) > 18) {
            return -1;
        }
        long n = 0;
        for (int i = start[t]; i < end[t]; i++) {
            n = n * 10 + (chars[i] - '0');
        }
        return n;
    }
}
