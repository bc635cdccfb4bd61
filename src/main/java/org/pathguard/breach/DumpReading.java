package org.pathguard.breach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a file of a dump the fast way when it is plain text ({@link PlainTextReading}, here in the scan's process)
 * and through the reader processes otherwise ({@link ReaderProcesses}, Tika). The choice is made on the first bytes
 * first (a zip named .csv goes to Tika; a text file with no extension stays here) and on the name only where text
 * could be either (an e-mail, HTML or RTF is text that Tika reads better).
 * <p>
 * One for the application, shared by the scan's workers: one reader process per worker
 * ({@code pathguard.breach.workers}, 0 for one per core), started when a file first needs one and stopped when idle
 * or at shutdown. Settings: {@code pathguard.breach.reader-jar} (default: found beside the running code,
 * target/breach-reader/pathguard-breach-reader.jar), {@code pathguard.breach.reader-heap} (each reader process's
 * -Xmx), {@code pathguard.breach.reader-stall} (the silence after which a reader is killed and its file reported not
 * read) and {@code pathguard.breach.max-depth} (containers inside containers read before "nested too deep").
 */
@Component
final class DumpReading implements FileReading, AutoCloseable {

    static final String READER_JAR = "breach-reader/pathguard-breach-reader.jar";

    private static final int HEAD = 8192;
    private static final Set<String> PLAIN = Set.of("txt", "text", "csv", "tsv", "tab", "log", "psv");
    /** Text that is not plain: markup, mail, RTF, code Tika knows. */
    private static final Set<String> MARKED_UP = Set.of("htm", "html", "xhtml", "xml", "eml", "mbox", "mbx", "rtf",
            "msg", "ics", "vcf", "json", "svg", "md");

    private final PlainTextReading plain;
    private final ReaderProcesses tika;

    @Autowired
    DumpReading(@Value("${pathguard.breach.reader-jar:}") String readerJar,
                @Value("${pathguard.breach.reader-heap:512m}") String heap,
                @Value("${pathguard.breach.reader-stall:PT2M}") Duration stall,
                @Value("${pathguard.breach.max-depth:100}") int maxDepth,
                @Value("${pathguard.breach.workers:0}") int workers) {
        this(new PlainTextReading(), new ReaderProcesses(
                new ReaderProcesses.Settings(readerJar.isBlank() ? besideTheCode() : Path.of(readerJar), heap, stall, maxDepth),
                workers > 0 ? workers : Runtime.getRuntime().availableProcessors()));
    }

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

    /**
     * target/breach-reader/... beside target/pathguard.jar (the launcher), above target/classes (the IDE), or under the
     * project directory (tests, where ApplicationHome answers the working directory).
     */
    static Path besideTheCode() {
        Path home = new ApplicationHome(DumpReading.class).getDir().toPath().toAbsolutePath();
        for (Path dir = home; dir != null; dir = dir.getParent()) {
            for (Path jar : new Path[]{dir.resolve(READER_JAR), dir.resolve("target").resolve(READER_JAR)}) {
                if (Files.isRegularFile(jar)) {
                    return jar;
                }
            }
        }
        return home.resolve(READER_JAR);
    }
}
