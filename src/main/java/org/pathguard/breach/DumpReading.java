package org.pathguard.breach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a file of a dump the fast way when it is plain text ({@link PlainTextReading}, here in the scan's process)
 * and through the reader processes otherwise ({@link ReaderProcesses}, Tika). The choice is made on the first bytes
 * first (a zip named .csv goes to Tika; a text file with no extension stays here) and on the name only where text
 * could be either (an e-mail, HTML or RTF is text that Tika reads better).
 */
final class DumpReading implements FileReading, AutoCloseable {

    private static final int HEAD = 8192;
    private static final Set<String> PLAIN = Set.of("txt", "text", "csv", "tsv", "tab", "log", "psv");
    /** Text that is not plain: markup, mail, RTF, code Tika knows. */
    private static final Set<String> MARKED_UP = Set.of("htm", "html", "xhtml", "xml", "eml", "mbox", "mbx", "rtf",
            "msg", "ics", "vcf", "json", "svg", "md");

    private final PlainTextReading plain;
    private final ReaderProcesses tika;

    DumpReading(PlainTextReading plain, ReaderProcesses tika) {
        this.plain = plain;
        this.tika = tika;
    }

    @Override
    public FileRead read(Path file, String pathInDump, DocumentVisitor visitor) throws IOException {
        return plainText(file) ? plain.read(file, pathInDump, visitor) : tika.read(file, pathInDump, visitor);
    }

    static boolean plainText(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        }
        String extension = extension(file);
        ByteBuffer bytes = ByteBuffer.wrap(head);
        boolean marked = bytes.remaining() >= 2 && PlainTextReading.sniff(bytes.duplicate()) != StandardCharsets.UTF_8;
        if (marked || PlainTextReading.utf16WithoutMark(bytes) != null) {
            return !MARKED_UP.contains(extension);
        }
        if (!looksLikeText(head)) {
            return false;
        }
        if (PLAIN.contains(extension)) {
            return true;
        }
        return !MARKED_UP.contains(extension) && !markedUp(head);
    }

    /** No NUL and hardly any other control characters (a binary format's first bytes have plenty). */
    private static boolean looksLikeText(byte[] head) {
        int controls = 0;
        for (byte b : head) {
            int c = b & 0xff;
            if (c == 0) {
                return false;
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
                controls++;
            }
        }
        return controls * 100 <= head.length;
    }

    /** Text that Tika reads better than we do: markup, RTF, PDF's header, an e-mail or mailbox. */
    private static boolean markedUp(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1).stripLeading();
        String lower = start.toLowerCase(Locale.ROOT);
        return start.startsWith("<") || start.startsWith("{\\rtf") || start.startsWith("%PDF") || start.startsWith("From ")
                || lower.startsWith("received:") || lower.startsWith("return-path:") || lower.startsWith("mime-version:")
                || lower.startsWith("delivered-to:") || lower.startsWith("message-id:")
                || (lower.startsWith("from:") && lower.contains("\nsubject:"));
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    @Override
    public void close() {
        tika.close();
    }
}
