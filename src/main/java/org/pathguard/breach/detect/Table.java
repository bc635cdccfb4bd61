package org.pathguard.breach.detect;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A table's header row (CSV, TSV, a spreadsheet read as text) naming the columns that hold a person's name or date of
 * birth, so that each following row is read by its columns: "OKAFOR" under "Surname" is a family name however it is
 * written, "14/02/1980" under "DOB" a date of birth.
 */
final class Table {

    static final byte OTHER = 0;
    static final byte FAMILY = 1;
    static final byte GIVEN = 2;
    static final byte FULL = 3;
    static final byte BIRTH = 4;

    private static final Map<String, Byte> HEADINGS = Map.ofEntries(
            Map.entry("surname", FAMILY), Map.entry("surnames", FAMILY), Map.entry("familyname", FAMILY),
            Map.entry("family", FAMILY), Map.entry("lastname", FAMILY), Map.entry("last", FAMILY),
            Map.entry("forename", GIVEN), Map.entry("forenames", GIVEN), Map.entry("firstname", GIVEN),
            Map.entry("firstnames", GIVEN), Map.entry("givenname", GIVEN), Map.entry("givennames", GIVEN),
            Map.entry("given", GIVEN), Map.entry("first", GIVEN), Map.entry("christianname", GIVEN),
            Map.entry("name", FULL), Map.entry("names", FULL), Map.entry("fullname", FULL), Map.entry("patient", FULL),
            Map.entry("dob", BIRTH), Map.entry("dateofbirth", BIRTH), Map.entry("birthdate", BIRTH),
            Map.entry("birthday", BIRTH), Map.entry("born", BIRTH));

    final char delimiter;
    final byte[] columns;
    /** The row names its people by columns: capitalised words elsewhere in it are not read as names. */
    final boolean namesByColumn;

    private Table(char delimiter, byte[] columns) {
        this.delimiter = delimiter;
        this.columns = columns;
        boolean names = false;
        for (byte c : columns) {
            names |= c == FAMILY || c == GIVEN || c == FULL;
        }
        this.namesByColumn = names;
    }

    /** The table this line is the header of, or null: no digits, a delimiter, short cells, a column the detector reads. */
    static Table header(Tokens k, Lexicon lexicon) {
        if (k.anyDigits) {
            return null;
        }
        char delimiter = delimiter(k);
        if (delimiter == 0 || k.count > 6 * (1 + Math.max(Math.max(k.tabs, k.commas), Math.max(k.semicolons, k.bars)))) {
            return null; // no delimiter, or prose with a comma in it rather than a row of headings
        }
        boolean heading = false;
        for (int t = 0; t < k.count && !heading; t++) {
            heading = k.kind[t] == Tokens.LETTERS && lexicon.heading(k.chars, k.start[t], k.end[t]);
        }
        if (!heading) {
            return null;
        }
        int[] count = new int[1];
        int[] bounds = cells(k, delimiter, new int[16], count);
        int cells = count[0];
        byte[] columns = new byte[cells];
        boolean useful = false;
        for (int c = 0; c < cells; c++) {
            StringBuilder s = new StringBuilder();
            for (int t = bounds[2 * c]; t < bounds[2 * c + 1]; t++) {
                if (k.kind[t] == Tokens.LETTERS) {
                    s.append(k.text(t).toLowerCase(Locale.ROOT));
                }
            }
            String words = s.toString();
            Byte role = HEADINGS.get(words);
            if (role == null && words.startsWith("patient")) {
                role = HEADINGS.get(words.substring("patient".length()));
            }
            columns[c] = role == null ? OTHER : role;
            useful |= role != null;
        }
        return useful ? new Table(delimiter, columns) : null;
    }

    private static char delimiter(Tokens k) {
        int most = Math.max(Math.max(k.tabs, k.commas), Math.max(k.semicolons, k.bars));
        if (most == 0) {
            return 0;
        }
        return most == k.tabs ? '\t' : most == k.commas ? ',' : most == k.semicolons ? ';' : '|';
    }

    /**
     * The row's cells as token ranges: cell c is [bounds[2c], bounds[2c+1]), its surrounding quotes left out, a
     * delimiter inside double quotes not a cell's end. Returns the bounds (grown if need be); the number of cells goes to count[0].
     */
    static int[] cells(Tokens k, char delimiter, int[] bounds, int[] count) {
        int[] b = bounds;
        int cells = 0;
        boolean quoted = false;
        int from = 0;
        for (int t = 0; t <= k.count; t++) {
            boolean end = t == k.count;
            if (!end && k.kind[t] == Tokens.MARK) {
                char c = k.chars[k.start[t]];
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == delimiter && !quoted) {
                    end = true;
                }
            }
            if (end) {
                if (2 * cells + 2 > b.length) {
                    b = Arrays.copyOf(b, b.length * 2 + 2);
                }
                int f = from;
                int to = t;
                while (f < to && k.is(f, '"')) {
                    f++;
                }
                while (to > f && k.is(to - 1, '"')) {
                    to--;
                }
                b[2 * cells] = f;
                b[2 * cells + 1] = to;
                cells++;
                from = t + 1;
            }
        }
        count[0] = cells;
        return b;
    }
}
