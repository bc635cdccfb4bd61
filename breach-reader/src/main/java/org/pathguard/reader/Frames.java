package org.pathguard.reader;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The reader's answer on stdout, in frames (the main side's ReaderProcesses reads them back):
 * <pre>
 *   'R'                          the reader is loaded and waits for its first file (sent once)
 *   'D' path media-type          a document starts (or, after an embedded one, goes on)
 *   'T' n char*n                 n chars of its text, UTF-16 big-endian, n at most {@link #CHUNK}
 *   'E' characters               the document (or its part since the last 'D') ends
 *   'U' path media-type reason   a document that could not be read
 *   'F' sha256 bytes media-type  the file is done
 *   'X' reason                   the file could not be opened at all
 * </pre>
 * Strings are an int length and that many UTF-8 bytes. A 'D' is always closed by an 'E' before any other 'D' or
 * 'U', so the main side sees one document at a time. An embedded document interrupts its container: the container's
 * part so far is ended, the embedded one follows, and the container's later text comes under a new 'D' with the same
 * path. A document's 'D' is sent with its first text that is not blank, so a scanned PDF (pages of line breaks) never
 * starts and is reported by a 'U' alone.
 */
final class Frames {

    /** Text goes out in pieces of at most this many chars: no document is held whole, here or on the main side. */
    static final int CHUNK = 16 * 1024;

    private final DataOutputStream out;
    private final byte[] encoded = new byte[CHUNK * 2];
    private final Deque<Open> open = new ArrayDeque<>();

    Frames(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    private static final class Open {
        final String path;
        final String mediaType;
        final char[] pending = new char[CHUNK];
        int length;
        boolean pendingHasText;
        boolean started;
        boolean hadText;
        long partCharacters;

        Open(String path, String mediaType) {
            this.path = path;
            this.mediaType = mediaType;
        }
    }

    void begin(String path, String mediaType) {
        Open container = open.peek();
        if (container != null) {
            flush(container, false);
            endPart(container);
        }
        open.push(new Open(path, mediaType));
    }

    void text(char[] chars, int offset, int length) {
        Open document = open.peek();
        if (document == null) {
            return;
        }
        while (length > 0) {
            int n = Math.min(length, CHUNK - document.length);
            System.arraycopy(chars, offset, document.pending, document.length, n);
            if (!document.pendingHasText) {
                for (int i = offset; i < offset + n; i++) {
                    if (!Character.isWhitespace(chars[i])) {
                        document.pendingHasText = true;
                        break;
                    }
                }
            }
            document.length += n;
            offset += n;
            length -= n;
            if (document.length == CHUNK) {
                flush(document, true);
            }
        }
    }

    /**
     * The document ends. When it had no text that is not blank and {@code ifNoText} is given, it is reported
     * unreadable for that reason; otherwise an empty document is still listed (a 'D' and an 'E' of 0).
     */
    void end(String ifNoText) {
        Open document = open.pop();
        flush(document, false);
        if (!document.hadText && ifNoText != null) {
            endPart(document);
            unreadable(document.path, document.mediaType, ifNoText);
            return;
        }
        if (!document.started) {
            start(document);
        }
        endPart(document);
    }

    /** The document failed part-way: what was read of it stands, and it is reported unreadable for {@code reason}. */
    void fail(String reason) {
        Open document = open.pop();
        flush(document, false);
        endPart(document);
        unreadable(document.path, document.mediaType, reason);
    }

    /** The document is abandoned because a document inside it failed the whole file (a zip bomb). */
    void abandon() {
        Open document = open.pop();
        flush(document, false);
        endPart(document);
    }

    void unreadable(String path, String mediaType, String reason) {
        Open container = open.peek();
        if (container != null) {
            flush(container, false);
            endPart(container);
        }
        write(() -> {
            out.writeByte('U');
            string(path);
            string(mediaType);
            string(reason);
        });
    }

    void fileDone(String sha256, long bytes, String mediaType) {
        write(() -> {
            out.writeByte('F');
            string(sha256);
            out.writeLong(bytes);
            string(mediaType);
            out.flush();
        });
    }

    void ready() {
        write(() -> {
            out.writeByte('R');
            out.flush();
        });
    }

    void cannotOpen(String reason) {
        write(() -> {
            out.writeByte('X');
            string(reason);
            out.flush();
        });
    }

    boolean anyOpen() {
        return !open.isEmpty();
    }

    private void flush(Open document, boolean full) {
        if (document.length == 0) {
            return;
        }
        // Blank text alone is held back (up to a chunk) so a document with nothing but line breaks never starts.
        if (!document.pendingHasText && !document.started && !full) {
            document.length = 0;
            return;
        }
        if (!document.started) {
            start(document);
        }
        int n = document.length;
        for (int i = 0; i < n; i++) {
            char c = document.pending[i];
            encoded[2 * i] = (byte) (c >>> 8);
            encoded[2 * i + 1] = (byte) c;
        }
        write(() -> {
            out.writeByte('T');
            out.writeInt(n);
            out.write(encoded, 0, 2 * n);
        });
        document.hadText |= document.pendingHasText;
        document.partCharacters += n;
        document.length = 0;
        document.pendingHasText = false;
    }

    private void start(Open document) {
        write(() -> {
            out.writeByte('D');
            string(document.path);
            string(document.mediaType);
        });
        document.started = true;
        document.partCharacters = 0;
    }

    private void endPart(Open document) {
        if (!document.started) {
            return;
        }
        long characters = document.partCharacters;
        write(() -> {
            out.writeByte('E');
            out.writeLong(characters);
        });
        document.started = false;
    }

    private void string(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private interface Write {
        void run() throws IOException;
    }

    /** The main side went away: nothing more to do than stop, which the caller's loop does on the unchecked error. */
    private void write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
