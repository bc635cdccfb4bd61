package org.pathguard.breach.detect;

/**
 * Which ten digits are an NHS number: the modulus-11 check digit (as {@code lab.NhsNumber}), and a first three digits
 * in a range that was ever issued, so that about one random ten-digit number in eleven is not taken for one.
 */
final class NhsNumbers {

    private NhsNumbers() {
    }

    /** Ten ASCII digits in {@code digits[from, from + 10)}. */
    static boolean valid(char[] digits, int from) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits[from + i] - '0') * (10 - i);
        }
        int check = (11 - sum % 11) % 11;
        return check != 10 && check == digits[from + 9] - '0' && issued(digits, from);
    }

    /**
     * 010–311 Scotland (CHI), 320–399 Northern Ireland, 400–499 and 600–799 England, Wales and the Isle of Man, and
     * the 999 test range, which is valid but belongs to test patients.
     */
    static boolean issued(char[] digits, int from) {
        int prefix = (digits[from] - '0') * 100 + (digits[from + 1] - '0') * 10 + (digits[from + 2] - '0');
        return prefix >= 10 && prefix <= 311 || prefix >= 320 && prefix <= 499 || prefix >= 600 && prefix <= 799
                || prefix == 999;
    }
}
