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
 * which starts the next. A table row under a header is an excerpt on its own. Health data is read from the lines of
 * an excerpt from the one that first identifies someone.
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

    /** The next piece of the document's text; after {@link #end()} there is none (IllegalStateException). */
    public void text(char[] chars, int offset, int count) {
        if (ended) {
            throw new IllegalStateException("the document has ended");
        }
        characters += count;
        int i = offset;
        int to = offset + count;
        while (i < to) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (chars[i] == '\n') {
                    i++; // the \n of a \r\n, perhaps in the next piece: no empty line between
                    continue;
                }
            }
            int lineEnd;
            if (length > 0) {
                // The start of this line came in an earlier piece: gather the rest, then read it whole.
                lineEnd = i;
                while (lineEnd < to && chars[lineEnd] != '\n' && chars[lineEnd] != '\r') {
                    lineEnd++;
                }
                append(chars, i, lineEnd);
                if (lineEnd == to) {
                    return;
                }
                tokens.read(text, 0, length, marks);
                length = 0;
            } else {
                // Most lines lie within one piece and are read where they are, without a copy.
                int limit = Math.min(to, i + LONGEST_LINE);
                lineEnd = tokens.read(chars, i, limit, marks);
                if (lineEnd == limit) {
                    // Unfinished in this piece, or longer than a line is read whole: gathered, read when it ends.
                    append(chars, i, limit);
                    i = limit;
                    continue;
                }
            }
            lineRead();
            lineNumber++;
            afterCarriageReturn = chars[lineEnd] == '\r';
            i = lineEnd + 1;
        }
    }

    /** The document is finished: the last lines are read and their excerpts emitted. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (length > 0) {
            tokens.read(text, 0, length, marks);
            length = 0;
            lineRead();
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
        tokens.read(text, 0, cut, marks);
        lineRead();
        System.arraycopy(text, cut, text, 0, length - cut);
        length -= cut;
    }

    /** The line just cut into tokens: a table's header or row, part of an excerpt, or nothing. */
    private void lineRead() {
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
        if (!line.nothing()) {
            if (excerpt.open() && excerpt.clashes(line)) {
                close();
            }
            if (!excerpt.open()) {
                excerpt.clear(lineNumber);
            }
            excerpt.add(line);
        } else if (!excerpt.open()) {
            return;
        }
        excerpt.lines++;
        // Health data is read only once someone is named: a log's dated lines cost no more than reading them.
        if (excerpt.identifies()) {
            rules.health(tokens, excerpt.health);
        }
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
                case Table.FAMILY -> family = LineRules.normalise(tokens.chars, tokens.start[from], tokens.end[to - 1]);
                case Table.GIVEN -> given = rules.firstWord(tokens, from, to);
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
        if (row.identifies()) {
            rules.health(tokens, row.health);
        }
        close();
        return true;
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
