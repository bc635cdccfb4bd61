package org.pathguard.breach.detect;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One document's text read through the {@link Detector}, fed in pieces of any size as the reader produces them (a
 * word, a number or a line may be split between pieces). Not thread-safe: one document, one thread.
 *
 * <p>Text is read a line at a time. A line that says something about a person starts an excerpt; up to
 * {@link #WINDOW} neighbouring lines join it (a letter's "Name: / DOB: / NHS No:" block, a name over its address)
 * until a blank line, a table, or a line naming someone again the same way (a second name, a second NHS number),
 * which starts the next. A table row under a header is an excerpt on its own.
 */
public final class DocumentScan {

    /** The most lines one excerpt gathers: a name, two address lines and a postcode. */
    static final int WINDOW = 4;
    /**
     * The longest line read whole. A longer one (minified HTML, a 10 GB file without line breaks) is cut at a space
     * near this length, so memory stays bounded whatever the file.
     */
    static final int LONGEST_LINE = 16_384;

    private final Detector detector;
    private final String document;
    private final Consumer<Excerpt> out;
    private final LineRules rules;
    private final Tokens tokens = new Tokens();
    private final Facts excerpt = new Facts();
    private final Facts line = new Facts();
    private final Set<String> fingerprints = new LinkedHashSet<>();
    private final Consumer<String> marks = fingerprints::add;
    private char[] text = new char[256];
    private int length;
    private long lineNumber = 1;
    private boolean afterCarriageReturn;
    private long characters;
    private Table table;
    private int[] cells = new int[32];
    private final int[] cellCount = new int[1];
    private boolean ended;

    DocumentScan(Detector detector, String document, Consumer<Excerpt> out) {
        this.detector = detector;
        this.document = document;
        this.out = out;
        this.rules = new LineRules(detector);
    }

    /** The next piece of the document's text. */
    public void text(char[] chars, int offset, int count) {
        if (ended) {
            throw new IllegalStateException("the document has ended");
        }
        characters += count;
        int from = offset;
        int to = offset + count;
        for (int i = offset; i < to; i++) {
            char c = chars[i];
            if (c == '\n' || c == '\r') {
                if (c == '\n' && afterCarriageReturn && i == from) {
                    // the \n of a \r\n split across pieces, or just after the \r: no empty line between
                    afterCarriageReturn = false;
                    from = i + 1;
                    continue;
                }
                append(chars, from, i);
                lineEnds();
                afterCarriageReturn = c == '\r';
                from = i + 1;
                if (c == '\r' && i + 1 < to && chars[i + 1] == '\n') {
                    i++;
                    from = i + 1;
                    afterCarriageReturn = false;
                }
            } else if (afterCarriageReturn) {
                afterCarriageReturn = false;
            }
        }
        append(chars, from, to);
    }

    /** The document is finished: the last lines are read and their excerpts emitted. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (length > 0) {
            lineEnds();
        }
        close();
    }

    /** The PathGuard export fingerprints the document carries (16 hex digits each), visible or invisible. */
    public Set<String> fingerprints() {
        return Collections.unmodifiableSet(fingerprints);
    }

    /** The characters read so far. */
    public long characters() {
        return characters;
    }

    private void append(char[] chars, int from, int to) {
        int n = to - from;
        while (n > 0) {
            if (length + n > text.length) {
                if (text.length < LONGEST_LINE) {
                    text = Arrays.copyOf(text, Math.min(LONGEST_LINE, Math.max(text.length * 2, length + n)));
                    continue;
                }
                int fits = text.length - length;
                System.arraycopy(chars, from, text, length, fits);
                length += fits;
                from += fits;
                n -= fits;
                cutLongLine();
                continue;
            }
            System.arraycopy(chars, from, text, length, n);
            length += n;
            return;
        }
    }

    /** Reads the first part of an over-long line, up to its last space in the second half, and keeps the rest. */
    private void cutLongLine() {
        int cut = length;
        for (int i = length - 1; i > length / 2; i--) {
            if (text[i] == ' ' || text[i] == '\t') {
                cut = i + 1;
                break;
            }
        }
        read(cut);
        System.arraycopy(text, cut, text, 0, length - cut);
        length -= cut;
    }

    private void lineEnds() {
        read(length);
        length = 0;
        lineNumber++;
    }

    private void read(int chars) {
        tokens.read(text, chars, marks);
        if (tokens.count == 0) {
            close(); // a blank line ends a letter's block; a table goes on past one
            return;
        }
        if (table != null) {
            if (row()) {
                return;
            }
            table = null;
        }
        Table header = Table.header(tokens, detector.lexicon);
        if (header != null) {
            close();
            table = header;
            return;
        }
        line.clear(lineNumber);
        rules.identifiers(tokens, line, false, fingerprints);
        if (line.nothing()) {
            if (excerpt.open()) {
                excerpt.lines++;
                rules.health(tokens, excerpt.health);
                if (excerpt.lines >= WINDOW) {
                    close();
                }
            }
            return;
        }
        if (excerpt.open() && excerpt.clashes(line)) {
            close();
        }
        if (!excerpt.open()) {
            excerpt.clear(lineNumber);
        }
        excerpt.add(line);
        excerpt.lines++;
        rules.health(tokens, excerpt.health);
        if (excerpt.lines >= WINDOW) {
            close();
        }
    }

    /** Reads the line as a row of the current table; false when it is not one (no delimiter: the table has ended). */
    private boolean row() {
        cells = Table.cells(tokens, table.delimiter, cells, cellCount);
        if (cellCount[0] < 2) {
            return false;
        }
        close();
        Facts row = excerpt;
        row.clear(lineNumber);
        rules.identifiers(tokens, row, table.namesByColumn, fingerprints);
        String family = "";
        String given = "";
        int columns = Math.min(cellCount[0], table.columns.length);
        for (int c = 0; c < columns; c++) {
            byte role = table.columns[c];
            int from = cells[2 * c];
            int to = cells[2 * c + 1];
            if (role == Table.OTHER || from >= to) {
                continue;
            }
            switch (role) {
                case Table.FAMILY -> family = Names.normalise(cellText(from, to));
                case Table.GIVEN -> given = Names.firstGiven(cellText(from, to).replace(',', ' '));
                case Table.FULL -> rules.nameInCell(tokens, from, to, row);
                default -> row.birthLabelled |= detector.dates.read(tokens, from, row.dates) > 0;
            }
        }
        if (!family.isEmpty()) {
            row.name(new Names.Candidate(family, given));
        }
        if (!family.isEmpty() || !row.names.isEmpty()) {
            row.nameLabelled = true;
        }
        row.lines = 1;
        rules.health(tokens, row.health);
        close();
        return true;
    }

    private String cellText(int fromToken, int toToken) {
        return new String(tokens.chars, tokens.start[fromToken], tokens.end[toToken - 1] - tokens.start[fromToken]);
    }

    private void close() {
        if (excerpt.open()) {
            Excerpt e = excerpt.excerpt(document);
            excerpt.lines = 0;
            if (e != null) {
                out.accept(e);
            }
        }
    }
}
