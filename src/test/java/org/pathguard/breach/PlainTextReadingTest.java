package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextReadingTest {

    private static final String LINE = "Surname,Forename,DOB,Test\nJONES,Zoë,01/02/1980,Ferritin £12.50 café\n";

    @TempDir
    Path dir;

    private final PlainTextReading reading = new PlainTextReading();

    @Test
    void utf8WithAndWithoutItsMarkReadsTheSameText() throws IOException {
        assertReads(write("plain.csv", bytes(LINE, StandardCharsets.UTF_8)), LINE);
        assertReads(write("marked.csv", join(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(LINE, StandardCharsets.UTF_8))), LINE);
    }

    @Test
    void utf16EitherEndWithAndWithoutItsMark() throws IOException {
        assertReads(write("le.txt", join(new byte[]{(byte) 0xFF, (byte) 0xFE}, bytes(LINE, StandardCharsets.UTF_16LE))), LINE);
        assertReads(write("be.txt", join(new byte[]{(byte) 0xFE, (byte) 0xFF}, bytes(LINE, StandardCharsets.UTF_16BE))), LINE);
        assertReads(write("le-unmarked.txt", bytes(LINE, StandardCharsets.UTF_16LE)), LINE);
        assertReads(write("be-unmarked.txt", bytes(LINE, StandardCharsets.UTF_16BE)), LINE);
    }

    @Test
    void windows1252IsReadWhereTheBytesAreNotUtf8EvenFarIntoTheFile() throws IOException {
        Charset windows1252 = Charset.forName("windows-1252");
        assertReads(write("short.txt", bytes(LINE, windows1252)), LINE);
        // The first non-UTF-8 byte long after the first buffer: the ASCII before it is the same either way.
        String text = "x".repeat(200_000) + "\n" + LINE;
        assertReads(write("long.txt", bytes(text, windows1252)), text);
    }

    @Test
    void aUtf8CharacterSplitAcrossBuffersIsNotBroken() throws IOException {
        // "é" is two bytes in UTF-8; put it across the 64 KB buffer edge, then more edges.
        String text = ("é" + "a".repeat(65_535)).repeat(5);
        assertReads(write("edge.txt", bytes(text, StandardCharsets.UTF_8)), text);
    }

    @Test
    void aLargeFileComesInPiecesWithItsDigestAndSize() throws IOException {
        Path file = dir.resolve("big.log");
        MessageDigest digest = ReaderProcesses.sha256();
        long bytes = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] line = bytes("2026-12-07 12:00:01 result released for sample 26-000123 by user 42\n", StandardCharsets.UTF_8);
            for (int i = 0; i < 300_000; i++) {
                out.write(line);
                digest.update(line);
                bytes += line.length;
            }
        }
        RecordedDocuments visitor = new RecordedDocuments();
        FileReading.FileRead read = reading.read(file, "dump/big.log", visitor);

        assertThat(read.bytes()).isEqualTo(bytes);
        assertThat(read.sha256()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        assertThat(read.mediaType()).isEqualTo("text/plain");
        assertThat(visitor.characters).isEqualTo(bytes);
        assertThat(visitor.largestPiece).isLessThanOrEqualTo(16 * 1024);
        assertThat(visitor.pieces).isGreaterThan(1000);
        assertThat(visitor.events).containsExactly("document dump/big.log", "end dump/big.log");
    }

    @Test
    void anEmptyFileIsAnEmptyDocument() throws IOException {
        RecordedDocuments visitor = new RecordedDocuments();
        FileReading.FileRead read = reading.read(write("empty.tsv", new byte[0]), "empty.tsv", visitor);
        assertThat(read.bytes()).isZero();
        assertThat(read.mediaType()).isEqualTo("text/tab-separated-values");
        assertThat(visitor.text("empty.tsv")).isEmpty();
        assertThat(visitor.closed()).isTrue();
    }

    private void assertReads(Path file, String expected) throws IOException {
        RecordedDocuments visitor = new RecordedDocuments();
        FileReading.FileRead read = reading.read(file, "dump/" + file.getFileName(), visitor);
        assertThat(visitor.text("dump/" + file.getFileName())).as(file.getFileName().toString()).isEqualTo(expected);
        assertThat(read.bytes()).isEqualTo(Files.size(file));
        assertThat(read.sha256()).isEqualTo(ReaderProcesses.sha256(file));
        assertThat(visitor.closed()).isTrue();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static byte[] bytes(String s, Charset charset) {
        return s.getBytes(charset);
    }

    static byte[] join(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
