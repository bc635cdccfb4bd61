package org.pathguard.breach;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader process (breach-reader/, built into target/breach-reader by the build) through ReaderProcesses: every
 * failure reported, not thrown; embedded documents under their containers' paths; text streamed in pieces.
 */
class ReaderProcessesTest {

    private static final String LETTER = "Dear Dr Patel, re: Mrs Alice JONES, DOB 01/02/1980. Ferritin 12 ug/L.";

    @TempDir
    static Path dir;

    private static ReaderProcesses readers;

    @BeforeAll
    static void start() {
        readers = new ReaderProcesses(settings("256m", Duration.ofMinutes(2), 5), 1);
    }

    @AfterAll
    static void stop() {
        readers.close();
    }

    static ReaderProcesses.Settings settings(String heap, Duration stall, int maxDepth) {
        return new ReaderProcesses.Settings(DumpReading.besideTheCode(), heap, stall, maxDepth);
    }

    @Test
    void documentsInsideArchivesAndMailAreReadUnderTheirContainersPaths() throws IOException {
        byte[] docx = docx(LETTER);
        byte[] inner = zip("letters/letter.docx", docx, "notes.txt", "Patient: SMITH, John\n".getBytes(StandardCharsets.UTF_8));
        byte[] gz = gzip("NHS 943 476 5919\n".getBytes(StandardCharsets.UTF_8));
        Path outer = Files.write(dir.resolve("outer.zip"), zip("inner.zip", inner, "results.csv.gz", gz, "mail.eml", eml()));

        RecordedDocuments visitor = new RecordedDocuments();
        FileReading.FileRead read = readers.read(outer, "share/outer.zip", visitor);

        assertThat(visitor.text("share/outer.zip/inner.zip/letters/letter.docx")).as(visitor.events + " " + visitor.unreadable).contains(LETTER);
        assertThat(visitor.text("share/outer.zip/inner.zip/notes.txt")).as(visitor.events + " " + visitor.unreadable).contains("Patient: SMITH, John");
        assertThat(visitor.text("share/outer.zip/results.csv.gz/results.csv")).as(visitor.events + " " + visitor.unreadable).contains("NHS 943 476 5919");
        assertThat(visitor.text("share/outer.zip/mail.eml")).as(visitor.events + " " + visitor.unreadable).contains("Please find the results for Mr Brown");
        assertThat(visitor.text("share/outer.zip/mail.eml/brown.txt")).as(visitor.events + " " + visitor.unreadable).contains("BROWN, Peter 12/12/1950");
        assertThat(visitor.unreadable).isEmpty();
        assertThat(visitor.closed()).isTrue();
        assertThat(read.mediaType()).isEqualTo("application/zip");
        assertThat(read.bytes()).isEqualTo(Files.size(outer));
        assertThat(read.sha256()).isEqualTo(ReaderProcesses.sha256(outer));
    }

    @Test
    void aCorruptDocumentInTheMiddleIsReportedAndTheRestRead() throws IOException {
        byte[] broken = "PK\u0003\u0004 this is not really a word document".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("mixed.zip"),
                zip("first.txt", "first file".getBytes(StandardCharsets.UTF_8), "broken.docx", broken,
                        "last.txt", "last file".getBytes(StandardCharsets.UTF_8)));

        RecordedDocuments visitor = new RecordedDocuments();
        readers.read(file, "mixed.zip", visitor);

        assertThat(visitor.text("mixed.zip/first.txt")).contains("first file");
        assertThat(visitor.text("mixed.zip/last.txt")).contains("last file");
        assertThat(visitor.unreadable.get("mixed.zip/broken.docx")).startsWith("corrupt or not readable (");
    }

    @Test
    void aCorruptFileIsReportedNotThrown() throws IOException {
        byte[] pdf = pdf("Ferritin 12", false, false);
        byte[] truncated = java.util.Arrays.copyOf(pdf, pdf.length / 3);
        Path file = Files.write(dir.resolve("truncated.pdf"), truncated);
        RecordedDocuments visitor = new RecordedDocuments();
        FileReading.FileRead read = readers.read(file, "truncated.pdf", visitor);
        assertThat(visitor.unreadable).containsKey("truncated.pdf");
        assertThat(read.mediaType()).isEqualTo("application/pdf");
    }

    @Test
    void passwordProtectedScannedAndImagesAreListedAsNotRead() throws IOException {
        Path file = Files.write(dir.resolve("unread.zip"), zip(
                "locked.pdf", pdf(LETTER, true, false),
                "scan.pdf", pdf("", false, true),
                "photo.png", png(),
                "text.pdf", pdf(LETTER, false, false)));

        RecordedDocuments visitor = new RecordedDocuments();
        readers.read(file, "unread.zip", visitor);

        assertThat(visitor.unreadable).containsEntry("unread.zip/locked.pdf", "not read: password-protected")
                .containsEntry("unread.zip/scan.pdf", "not read: a PDF without text (scanned?), no OCR yet")
                .containsEntry("unread.zip/photo.png", "not read: an image, no OCR yet");
        assertThat(visitor.text("unread.zip/text.pdf")).contains("Mrs Alice JONES");
        assertThat(visitor.text("unread.zip/locked.pdf")).isNull();
        assertThat(visitor.text("unread.zip/scan.pdf")).isNull();
    }

    @Test
    void aZipBombIsStoppedAndReported() throws IOException {
        // 60 million characters from a zip of about 60 KB: a thousand to one.
        Path file = dir.resolve("bomb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("a.txt"));
            byte[] line = ("a".repeat(999) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 60_000; i++) {
                zip.write(line);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("b.txt"));
            zip.write("never reached".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }

        RecordedDocuments visitor = new RecordedDocuments();
        readers.read(file, "bomb.zip", visitor);

        assertThat(visitor.unreadable.get("bomb.zip/a.txt")).startsWith("zip bomb");
        assertThat(visitor.characters).isLessThan(60_000_000);
        assertThat(visitor.text("bomb.zip/b.txt")).isNull();
        assertThat(visitor.closed()).isTrue();
        // The reader goes on with the next file.
        RecordedDocuments next = new RecordedDocuments();
        readers.read(Files.write(dir.resolve("after.zip"), zip("x.txt", "after".getBytes(StandardCharsets.UTF_8))), "after.zip", next);
        assertThat(next.text("after.zip/x.txt")).contains("after");
    }

    @Test
    void archivesNestedDeeperThanTheLimitAreReportedTooDeep() throws IOException {
        byte[] content = zip("deepest.txt", "at the bottom".getBytes(StandardCharsets.UTF_8));
        for (int level = 6; level >= 1; level--) {
            content = zip("level" + level + ".zip", content);
        }
        Path file = Files.write(dir.resolve("nested.zip"), content);

        RecordedDocuments visitor = new RecordedDocuments();
        readers.read(file, "nested.zip", visitor);

        // Limit 5: nested.zip holds level1..level5 (5 containers deep); level5.zip's member level6.zip is the sixth.
        String fifth = "nested.zip/level1.zip/level2.zip/level3.zip/level4.zip";
        assertThat(visitor.unreadable).containsOnlyKeys(fifth + "/level5.zip/level6.zip");
        assertThat(visitor.unreadable.get(fifth + "/level5.zip/level6.zip")).isEqualTo("not read: nested too deep (more than 5 containers)");
        assertThat(visitor.mediaTypes).containsKey(fifth + "/level5.zip");
    }

    @Test
    void aLargeDocumentIsStreamedThroughASmallHeap() throws IOException {
        // 100 MB of text that does not compress much, inside a zip, read by a reader with 64 MB of heap.
        Path file = dir.resolve("large.zip");
        Random random = new Random(18);
        long written = 0;
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("large.txt"));
            byte[] line = new byte[100];
            for (int i = 0; i < 1_000_000; i++) {
                for (int j = 0; j < 99; j++) {
                    line[j] = (byte) ('a' + random.nextInt(26));
                }
                line[99] = '\n';
                zip.write(line);
                written += line.length;
            }
            zip.closeEntry();
        }
        try (ReaderProcesses small = new ReaderProcesses(settings("64m", Duration.ofMinutes(2), 100), 1)) {
            RecordedDocuments visitor = new RecordedDocuments();
            small.read(file, "large.zip", visitor);

            assertThat(visitor.unreadable).isEmpty();
            // Tika adds a line break or two around the document.
            assertThat(visitor.characters).isBetween(written, written + 100);
            assertThat(visitor.largestPiece).isLessThanOrEqualTo(16 * 1024);
            assertThat(visitor.pieces).isGreaterThan((int) (written / (16 * 1024)));
        }
    }

    @Test
    void aStalledReaderIsKilledTheFileReportedAndTheNextFileRead() throws Exception {
        Path pipe = fifo("stuck.pipe");

        try (ReaderProcesses stalling = new ReaderProcesses(settings("128m", Duration.ofSeconds(2), 100), 1)) {
            RecordedDocuments visitor = new RecordedDocuments();
            assertThatThrownBy(() -> stalling.read(pipe, "stuck.pipe", visitor)).hasMessage("not a regular file");
            assertThat(visitor.unreadable).containsEntry("stuck.pipe", "the reader stalled after 2 s");

            RecordedDocuments next = new RecordedDocuments();
            stalling.read(Files.write(dir.resolve("next.zip"), zip("n.txt", "next".getBytes(StandardCharsets.UTF_8))), "next.zip", next);
            assertThat(next.text("next.zip/n.txt")).as(next.events + " " + next.unreadable).contains("next");
        }
    }

    @Test
    void aReaderThatDiesIsReportedAndReplaced() throws Exception {
        Path pipe = fifo("dies.pipe");
        try (ReaderProcesses dying = new ReaderProcesses(settings("128m", Duration.ofMinutes(2), 100), 1)) {
            // The reader waits on the pipe; this kills it (and any reader idle beside it) as a crash would. Killed
            // while still starting or while waiting, it is the same failure. Only readers: the test JVM's other
            // children (other tests' embedded PostgreSQL) must live on.
            // Readers of earlier tests may still be exiting: only a reader started after this point is this one.
            java.util.Set<Long> earlier = readers().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
            Thread killer = new Thread(() -> {
                while (readers().noneMatch(p -> !earlier.contains(p.pid()))) {
                    Thread.onSpinWait();
                }
                readers().filter(p -> !earlier.contains(p.pid())).forEach(ProcessHandle::destroyForcibly);
            });
            killer.start();
            RecordedDocuments visitor = new RecordedDocuments();
            assertThatThrownBy(() -> dying.read(pipe, "dies.pipe", visitor)).hasMessage("not a regular file");
            killer.join();
            assertThat(visitor.unreadable.get("dies.pipe")).startsWith("the reader stopped");
            assertThat(visitor.closed()).isTrue();

            RecordedDocuments next = new RecordedDocuments();
            Path file = Files.write(dir.resolve("after-death.zip"), zip("a.txt", "some text".getBytes(StandardCharsets.UTF_8)));
            FileReading.FileRead read = dying.read(file, "after-death.zip", next);
            assertThat(next.text("after-death.zip/a.txt")).contains("some text");
            assertThat(read.sha256()).isEqualTo(ReaderProcesses.sha256(file));
        }
    }

    @Test
    void aFileThatCannotBeOpenedThrows() {
        assertThatThrownBy(() -> readers.read(dir.resolve("missing.docx"), "missing.docx", new RecordedDocuments()))
                .isInstanceOf(ReaderProcesses.CannotOpen.class);
    }

    /** A named pipe nobody writes to: a reader opening it waits for ever. */
    static Path fifo(String name) throws Exception {
        Path pipe = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        return pipe;
    }

    static byte[] zip(Object... namesAndBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndBytes.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) namesAndBytes[i]));
                zip.write((byte[]) namesAndBytes[i + 1]);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    /** The smallest Word document Tika accepts: its content types, its relationship, one paragraph. */
    static byte[] docx(String paragraph) throws IOException {
        String types = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                </Types>""";
        String rels = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                </Relationships>""";
        String document = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
                <w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>""".formatted(paragraph);
        return zip("[Content_Types].xml", types.getBytes(StandardCharsets.UTF_8),
                "_rels/.rels", rels.getBytes(StandardCharsets.UTF_8),
                "word/document.xml", document.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] eml() {
        String attachment = Base64.getMimeEncoder().encodeToString("BROWN, Peter 12/12/1950\n".getBytes(StandardCharsets.UTF_8));
        return ("""
                From: ward7@example.nhs.uk\r
                To: lab@example.nhs.uk\r
                Subject: results\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b1"\r
                \r
                --b1\r
                Content-Type: text/plain; charset=UTF-8\r
                \r
                Please find the results for Mr Brown attached.\r
                --b1\r
                Content-Type: text/plain; name="brown.txt"\r
                Content-Disposition: attachment; filename="brown.txt"\r
                Content-Transfer-Encoding: base64\r
                \r
                %s\r
                --b1--\r
                """).formatted(attachment).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pdf(String text, boolean locked, boolean blank) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            if (!blank) {
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                    content.newLineAtOffset(50, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            if (locked) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(bytes);
            return bytes.toByteArray();
        }
    }

    static byte[] png() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return bytes.toByteArray();
    }

    private static java.util.stream.Stream<ProcessHandle> readers() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(line -> line.contains("pathguard-breach-reader")).orElse(false));
    }
}
