package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DumpReadingTest {

    @TempDir
    Path dir;

    @Test
    void plainTextStaysInTheScansProcessWhateverItIsCalled() throws IOException {
        assertThat(DumpReading.plainText(write("patients.csv", "NHS,Surname\n9434765919,JONES\n"))).isTrue();
        assertThat(DumpReading.plainText(write("README", "Notes for the ward\n"))).isTrue();
        assertThat(DumpReading.plainText(write("export.dat", "JONES|Alice|01/02/1980\n"))).isTrue();
        assertThat(DumpReading.plainText(Files.write(dir.resolve("utf16"), "JONES, Alice\n".getBytes(StandardCharsets.UTF_16LE)))).isTrue();
        assertThat(DumpReading.plainText(write("empty.txt", ""))).isTrue();
    }

    @Test
    void everythingElseGoesToTheReader() throws IOException {
        assertThat(DumpReading.plainText(Files.write(dir.resolve("really-a-zip.csv"), ReaderProcessesTest.zip("a.txt", new byte[]{'a'})))).isFalse();
        assertThat(DumpReading.plainText(Files.write(dir.resolve("letter.pdf"), ReaderProcessesTest.pdf("x", false, false)))).isFalse();
        assertThat(DumpReading.plainText(write("page.html", "<p>JONES</p>"))).isFalse();
        assertThat(DumpReading.plainText(write("page", "  <!DOCTYPE html><html><p>JONES</p>"))).isFalse();
        assertThat(DumpReading.plainText(write("message", "Received: from mail\r\nSubject: x\r\n\r\nbody"))).isFalse();
        assertThat(DumpReading.plainText(write("letter.rtf", "{\\rtf1 JONES}"))).isFalse();
        assertThat(DumpReading.plainText(Files.write(dir.resolve("binary"), new byte[]{1, 2, 3, 0, 5, 0, 0, 0, 7, 0, 0, 0}))).isFalse();
    }

    @Test
    void eachFileIsReadByTheRightReading() throws IOException {
        Path csv = write("results.csv", "Surname,DOB\nJONES,01/02/1980\n");
        Path zip = Files.write(dir.resolve("results.zip"), ReaderProcessesTest.zip("inner.csv", "SMITH,02/03/1970\n".getBytes(StandardCharsets.UTF_8)));
        try (DumpReading reading = new DumpReading(new PlainTextReading(), new ReaderProcesses(
                ReaderProcessesTest.settings("256m", Duration.ofMinutes(2), 100), 1))) {
            RecordedDocuments visitor = new RecordedDocuments();
            assertThat(reading.read(csv, "results.csv", visitor).mediaType()).isEqualTo("text/csv");
            assertThat(reading.read(zip, "results.zip", visitor).mediaType()).isEqualTo("application/zip");
            assertThat(visitor.text("results.csv")).isEqualTo("Surname,DOB\nJONES,01/02/1980\n");
            assertThat(visitor.text("results.zip/inner.csv")).contains("SMITH,02/03/1970");
        }
    }

    @Test
    void theReaderJarIsFoundBesideTheBuild() {
        assertThat(DumpReading.besideTheCode()).isRegularFile().hasFileName("pathguard-breach-reader.jar");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
