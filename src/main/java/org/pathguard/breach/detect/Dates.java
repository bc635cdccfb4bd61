package org.pathguard.breach.detect;

import java.time.LocalDate;
import java.util.List;

/**
 * Dates as people and programs write them: 01/02/1980, 1/2/80, 1-2-1980, 01.02.1980, 1980-02-01, 19800201, 1 Feb 1980,
 * 1st February 1980, 01-FEB-1980, Feb 1 1980, February 1st, 1980. Day first, as in the UK; month first only where
 * day first is impossible and the separator is a slash (2/14/80, a spreadsheet's US default). A two-digit year gives
 * both centuries. Only dates that could be someone's date of birth count: from 1900, not in the future.
 */
final class Dates {

    private static final int EARLIEST_YEAR = 1900;

    private final Lexicon lexicon;
    private final LocalDate today;

    Dates(Lexicon lexicon, LocalDate today) {
        this.lexicon = lexicon;
        this.today = today;
    }

    /** Reads a date starting at token {@code t}: the token after it, or -1 when none starts there. */
    int read(Tokens k, int t, List<LocalDate> into) {
        byte kind = k.kind[t];
        if (kind == Tokens.DIGITS) {
            int numeric = numeric(k, t, into);
            return numeric >= 0 ? numeric : dayMonthYear(k, t, into);
        }
        if (kind == Tokens.MIXED) {
            return dayMonthYear(k, t, into);
        }
        if (kind == Tokens.LETTERS && lexicon.month(k.chars, k.start[t], k.end[t]) > 0) {
            return monthDayYear(k, t, into);
        }
        return -1;
    }

    private int numeric(Tokens k, int t, List<LocalDate> into) {
        int len = k.length(t);
        if (len == 8) {
            long n = k.number(t);
            return add((int) (n / 10000), (int) (n / 100 % 100), (int) (n % 100), false, into) ? t + 1 : -1;
        }
        if (t + 4 >= k.count || len > 4 || k.kind[t + 2] != Tokens.DIGITS || k.kind[t + 4] != Tokens.DIGITS
                || !k.joined(t + 1) || !k.joined(t + 2) || !k.joined(t + 3) || !k.joined(t + 4)) {
            return -1;
        }
        char sep = k.chars[k.start[t + 1]];
        if (sep != '/' && sep != '-' && sep != '.' || !k.is(t + 3, sep)) {
            return -1;
        }
        // Part of a longer chain (a version number, an address, 1.2.3.4.5) is not a date.
        if (k.is(t - 1, sep) && k.joined(t) || k.is(t + 5, sep) && k.joined(t + 5)) {
            return -1;
        }
        int a = (int) k.number(t);
        int b = (int) k.number(t + 2);
        int c = (int) k.number(t + 4);
        int la = len;
        int lb = k.length(t + 2);
        int lc = k.length(t + 4);
        boolean found;
        if (la == 4 && lb <= 2 && lc <= 2) {
            found = add(a, b, c, false, into);
        } else if (la <= 2 && lb <= 2 && (lc == 2 || lc == 4)) {
            found = add(c, b, a, lc == 2, into) || sep == '/' && b > 12 && add(c, a, b, lc == 2, into);
        } else {
            return -1;
        }
        return found ? t + 5 : -1;
    }

    /** 1 Feb 1980, 1st February 1980, 01-FEB-1980, 1-Feb-80, 1st of February, 1980. */
    private int dayMonthYear(Tokens k, int t, List<LocalDate> into) {
        int day = day(k, t);
        if (day < 0) {
            return -1;
        }
        int m = skipSeparator(k, t + 1);
        if (m < k.count && k.kind[m] == Tokens.LETTERS && k.length(m) == 2 && Words.lower(k.chars[k.start[m]]) == 'o'
                && Words.lower(k.chars[k.start[m] + 1]) == 'f') {
            m++;
        }
        if (m >= k.count || k.kind[m] != Tokens.LETTERS) {
            return -1;
        }
        int month = lexicon.month(k.chars, k.start[m], k.end[m]);
        if (month == 0) {
            return -1;
        }
        int y = skipSeparator(k, m + 1);
        return year(k, y, month, day, into);
    }

    /** Feb 1 1980, February 1st, 1980. */
    private int monthDayYear(Tokens k, int t, List<LocalDate> into) {
        int month = lexicon.month(k.chars, k.start[t], k.end[t]);
        int d = skipSeparator(k, t + 1);
        if (d >= k.count) {
            return -1;
        }
        int day = day(k, d);
        if (day < 0) {
            return -1;
        }
        int y = skipSeparator(k, d + 1);
        if (y >= k.count || k.length(y) != 4) {
            return -1;
        }
        return year(k, y, month, day, into);
    }

    private int year(Tokens k, int y, int month, int day, List<LocalDate> into) {
        if (y >= k.count || k.kind[y] != Tokens.DIGITS || k.length(y) != 2 && k.length(y) != 4) {
            return -1;
        }
        if (y + 1 < k.count && k.joined(y + 1) && k.kind[y + 1] != Tokens.MARK) {
            return -1;
        }
        return add((int) k.number(y), month, day, k.length(y) == 2, into) ? y + 1 : -1;
    }

    /** A day of the month: 1 or 2 digits, or "1st", "22nd", "3rd", "4th". */
    private static int day(Tokens k, int t) {
        int from = k.start[t];
        int digits = 0;
        while (digits < k.length(t) && digits < 3 && k.chars[from + digits] >= '0' && k.chars[from + digits] <= '9') {
            digits++;
        }
        if (digits == 0 || digits > 2) {
            return -1;
        }
        int rest = k.length(t) - digits;
        if (rest != 0) {
            if (rest != 2) {
                return -1;
            }
            String suffix = ("" + Words.lower(k.chars[from + digits]) + Words.lower(k.chars[from + digits + 1]));
            if (!suffix.equals("st") && !suffix.equals("nd") && !suffix.equals("rd") && !suffix.equals("th")) {
                return -1;
            }
        }
        int day = k.chars[from] - '0';
        if (digits == 2) {
            day = day * 10 + k.chars[from + 1] - '0';
        }
        return day >= 1 && day <= 31 ? day : -1;
    }

    /** Past one separator: a space, or one of - / . , joined or spaced. */
    private static int skipSeparator(Tokens k, int t) {
        if (t < k.count && k.kind[t] == Tokens.MARK) {
            char c = k.chars[k.start[t]];
            if (c == '-' || c == '/' || c == '.' || c == ',') {
                return t + 1;
            }
        }
        return t;
    }

    private boolean add(int year, int month, int day, boolean twoDigitYear, List<LocalDate> into) {
        if (!twoDigitYear) {
            return add(year, month, day, into);
        }
        boolean nineteen = add(1900 + year, month, day, into);
        boolean twenty = add(2000 + year, month, day, into);
        return nineteen || twenty;
    }

    private boolean add(int year, int month, int day, List<LocalDate> into) {
        if (year < EARLIEST_YEAR || month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return false;
        }
        LocalDate date = LocalDate.of(year, month, day);
        if (date.isAfter(today)) {
            return false;
        }
        if (!into.contains(date)) {
            into.add(date);
        }
        return true;
    }
}
