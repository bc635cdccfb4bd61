package org.pathguard.breach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Plain text read here, in the scan's own process, without Tika: TXT, CSV, TSV, logs and anything that sniffs as text
 * are most of a dump's bytes and need nothing parsed. Streamed in chunks, never the whole file; the SHA-256 taken on
 * the same pass.
 * <p>
 * The encoding: a byte-order mark says UTF-8, UTF-16LE or UTF-16BE; without one, zero bytes at every other position
 * say UTF-16 (the side they fall on says which end); otherwise UTF-8 until a byte sequence that is not UTF-8, and
 * Windows-1252 from there on. What came before that point was valid UTF-8, which in a Windows-1252 file means plain
 * ASCII (where both agree), so nothing read before the switch was read wrongly in practice.
 */
final class PlainTextReading implements FileReading {

    private static final int BUFFER = 1 << 16;
    private static final int CHUNK = 16 * 1024;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @Override
    public FileRead read(Path file, String pathInDump, DocumentVisitor visitor) throws IOException {
        String mediaType = mediaType(file);
        MessageDigest digest = ReaderProcesses.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] array = new byte[BUFFER];
            int filled = in.readNBytes(array, 0, array.length);
            digest.update(array, 0, filled);
            ByteBuffer bytes = ByteBuffer.wrap(array, 0, filled);
            Charset charset = sniff(bytes);
            CharsetDecoder decoder = decoder(charset);
            boolean mayFallBack = charset == StandardCharsets.UTF_8;
            CharBuffer chars = CharBuffer.allocate(CHUNK);
            long characters = 0;
            long total = filled;
            boolean ended = filled < array.length;
            visitor.document(pathInDump, mediaType);
            while (true) {
                CoderResult result = decoder.decode(bytes, chars, ended);
                if (result.isError()) {
                    if (mayFallBack) {
                        // Not UTF-8 after all: the rest is Windows-1252, starting at the offending byte.
                        decoder = decoder(WINDOWS_1252);
                        mayFallBack = false;
                    } else {
                        bytes.position(bytes.position() + result.length());
                        chars.put('\uFFFD');
                    }
                    continue;
                }
                if (result.isOverflow() || chars.position() == chars.capacity()) {
                    characters += emit(chars, visitor);
                    continue;
                }
                // Underflow: all of the buffer decoded that can be; refill, keeping an unfinished sequence.
                if (ended) {
                    while (decoder.flush(chars).isOverflow()) {
                        characters += emit(chars, visitor);
                    }
                    characters += emit(chars, visitor);
                    break;
                }
                bytes.compact();
                int n = in.read(array, bytes.position(), array.length - bytes.position());
                if (n < 0) {
                    ended = true;
                    n = 0;
                } else {
                    digest.update(array, bytes.position(), n);
                    total += n;
                }
                bytes.limit(bytes.position() + n);
                bytes.position(0);
            }
            visitor.endDocument(characters);
            return new FileRead(HexFormat.of().formatHex(digest.digest()), total, mediaType);
        }
    }

    private static int emit(CharBuffer chars, DocumentVisitor visitor) {
        int n = chars.position();
        if (n > 0) {
            visitor.text(chars.array(), 0, n);
        }
        chars.clear();
        return n;
    }

    private static CharsetDecoder decoder(Charset charset) {
        CodingErrorAction onError = charset == StandardCharsets.UTF_8 ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
        return charset.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError);
    }

    /** The encoding from the first bytes; a byte-order mark is consumed. */
    static Charset sniff(ByteBuffer bytes) {
        int n = bytes.remaining();
        int p = bytes.position();
        if (n >= 3 && (bytes.get(p) & 0xff) == 0xEF && (bytes.get(p + 1) & 0xff) == 0xBB && (bytes.get(p + 2) & 0xff) == 0xBF) {
            bytes.position(p + 3);
            return StandardCharsets.UTF_8;
        }
        if (n >= 2 && (bytes.get(p) & 0xff) == 0xFF && (bytes.get(p + 1) & 0xff) == 0xFE) {
            bytes.position(p + 2);
            return StandardCharsets.UTF_16LE;
        }
        if (n >= 2 && (bytes.get(p) & 0xff) == 0xFE && (bytes.get(p + 1) & 0xff) == 0xFF) {
            bytes.position(p + 2);
            return StandardCharsets.UTF_16BE;
        }
        Charset utf16 = utf16WithoutMark(bytes);
        return utf16 != null ? utf16 : StandardCharsets.UTF_8;
    }

    /**
     * UTF-16 without a mark: text of Latin letters has a zero byte in nearly every pair, on the high side. Null when
     * fewer than a third of the first pairs (up to 4 KB) have one there, zeros fall on both sides, or a pair is all
     * zeros (a NUL character, which text does not have).
     */
    static Charset utf16WithoutMark(ByteBuffer bytes) {
        int p = bytes.position();
        int pairs = Math.min(bytes.remaining(), 4096) / 2;
        if (pairs < 4) {
            return null;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < pairs; i++) {
            boolean even = bytes.get(p + 2 * i) == 0;
            boolean odd = bytes.get(p + 2 * i + 1) == 0;
            if (even && odd) {
                // Text has no NUL characters; binary formats (OLE2, images) are full of them.
                return null;
            }
            evenZeros += even ? 1 : 0;
            oddZeros += odd ? 1 : 0;
        }
        if (oddZeros * 3 >= pairs && evenZeros * 20 < pairs) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenZeros * 3 >= pairs && oddZeros * 20 < pairs) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    static String mediaType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "text/csv";
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return "text/tab-separated-values";
        }
        return "text/plain";
    }
}
