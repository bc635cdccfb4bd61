package org.pathguard.breach.detect;

import java.util.Map;

/**
 * Words looked up straight from a line's characters, without making a String per word: the detector asks this for
 * most capitalised words of a dump, so it hashes the characters in place. Case-insensitive; each word carries an int
 * (flags, and a month's number).
 */
final class Words {

    private final char[][] keys;
    private final int[] values;
    private final int mask;
    /**
     * Which (first letter, length) pairs any word has: most words of a dump are turned away by one bit test, before
     * any hashing.
     */
    private final long[] shapes = new long[32];

    Words(Map<String, Integer> words) {
        int size = Integer.highestOneBit(Math.max(4, words.size() * 3)) << 1;
        keys = new char[size][];
        values = new int[size];
        mask = size - 1;
        for (Map.Entry<String, Integer> e : words.entrySet()) {
            char[] key = e.getKey().toLowerCase(java.util.Locale.ROOT).toCharArray();
            int slot = hash(key, 0, key.length) & mask;
            while (keys[slot] != null && !java.util.Arrays.equals(keys[slot], key)) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] |= e.getValue();
            if (key.length > 0) {
                shapes[key[0] & 31] |= 1L << Math.min(key.length, 63);
            }
        }
    }

    /** The word's value, or 0 when it is not one of these words. */
    int get(char[] chars, int start, int end) {
        int length = end - start;
        if (length == 0 || (shapes[lower(chars[start]) & 31] & 1L << Math.min(length, 63)) == 0) {
            return 0;
        }
        int slot = hash(chars, start, end) & mask;
        for (char[] key = keys[slot]; key != null; key = keys[slot]) {
            if (key.length == end - start && same(key, chars, start)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return 0;
    }

    private static boolean same(char[] key, char[] chars, int start) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != lower(chars[start + i])) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] chars, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = chars[i];
            // ASCII folded by one bit (letters to lower case; other characters consistently), the rest properly
            h = 31 * h + (c < 128 ? c | 0x20 : Character.toLowerCase(c));
        }
        return h ^ (h >>> 16);
    }

    static char lower(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }
}
