package org.pathguard.breach.detect;

/**
 * UK postcodes: an outward code (A9, A99, AA9, AA99, A9A, AA9A) and an inward code (9AA, its letters never C, I, K,
 * M, O or V), with a space between or none.
 */
final class Postcodes {

    private Postcodes() {
    }

    static boolean outward(char[] c, int from, int to) {
        int n = to - from;
        if (n < 2 || n > 4 || !letter(c[from])) {
            return false;
        }
        int i = from + 1;
        if (letter(c[i])) {
            i++;
        }
        if (i >= to || !digit(c[i])) {
            return false;
        }
        i++;
        if (i < to && (digit(c[i]) || letter(c[i]))) {
            i++;
        }
        return i == to;
    }

    static boolean inward(char[] c, int from, int to) {
        return to - from == 3 && digit(c[from]) && inwardLetter(c[from + 1]) && inwardLetter(c[from + 2]);
    }

    /** Outward and inward written together ("SE59RS"). */
    static boolean whole(char[] c, int from, int to) {
        return to - from >= 5 && to - from <= 7 && inward(c, to - 3, to) && outward(c, from, to - 3);
    }

    /** Upper case with one space. */
    static String written(char[] c, int from, int to) {
        StringBuilder s = new StringBuilder(8);
        for (int i = from; i < to; i++) {
            char ch = c[i];
            if (letter(ch) || digit(ch)) {
                s.append(Character.toUpperCase(ch));
            }
        }
        s.insert(s.length() - 3, ' ');
        return s.toString();
    }

    private static boolean inwardLetter(char c) {
        char u = Character.toUpperCase(c);
        return letter(c) && u != 'C' && u != 'I' && u != 'K' && u != 'M' && u != 'O' && u != 'V';
    }

    private static boolean letter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
