package org.pathguard.reader;

import org.xml.sax.SAXException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * How much one file of a dump may unpack to before it is called a zip bomb: {@link #RATIO} times its size, in bytes
 * unpacked from the archives inside it and in characters of text, and never less than the floors. Tika's own
 * SecureContentHandler guards each parse the same way (100 characters a byte past a million), but it measures one
 * document against its own stream; this measures everything inside a file against the file, so a bomb spread over
 * many members or nested archives (42.zip) is caught too.
 */
final class Budget {

    static final long RATIO = 100;
    static final long CHARACTER_FLOOR = 10_000_000;
    static final long BYTE_FLOOR = 200L * 1024 * 1024;

    private final long characterLimit;
    private final long byteLimit;
    private long characters;
    private long unpacked;
    private String exceeded;
    private boolean reported;

    Budget(long fileBytes) {
        this.characterLimit = Math.max(CHARACTER_FLOOR, RATIO * fileBytes);
        this.byteLimit = Math.max(BYTE_FLOOR, RATIO * fileBytes);
    }

    /** Thrown (in the SAX or I/O form the parser allows) once the file is over its budget. */
    static final class Exceeded extends IOException {
        Exceeded() {
            super("over budget");
        }
    }

    static final class ExceededInText extends SAXException {
        ExceededInText() {
            super("over budget");
        }
    }

    void characters(int n) throws SAXException {
        characters += n;
        if (characters > characterLimit && exceeded == null) {
            exceeded = "zip bomb: more than " + RATIO + " characters of text for each byte of the file";
        }
        if (exceeded != null) {
            throw new ExceededInText();
        }
    }

    void check() throws Exceeded {
        if (exceeded != null) {
            throw new Exceeded();
        }
    }

    String exceeded() {
        return exceeded;
    }

    /** The reason, the first time it is asked for; null after, so only the innermost document reports it. */
    String report() {
        if (reported) {
            return null;
        }
        reported = true;
        return exceeded;
    }

    /** A member's stream, counted against the budget; closing it leaves the container's stream open. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            /** The container owns its member's stream: closing it here would end a zip's later members. */
            @Override
            public void close() {
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                add(skipped);
                return skipped;
            }
        };
    }

    private void add(long n) throws Exceeded {
        unpacked += n;
        if (unpacked > byteLimit && exceeded == null) {
            exceeded = "zip bomb: unpacks to more than " + RATIO + " times its size";
        }
        check();
    }
}
