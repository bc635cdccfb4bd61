package org.pathguard.breach;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the reading of a dump for one scan: {@code open(workers)} starts (lazily) one reader process per worker and
 * closing the {@link DumpReading} stops them. Settings: {@code pathguard.breach.reader-jar} (default: found beside
 * the running code, target/breach-reader/pathguard-breach-reader.jar), {@code pathguard.breach.reader-heap} (each
 * reader process's -Xmx), {@code pathguard.breach.reader-stall} (silence after which a reader is killed) and
 * {@code pathguard.breach.max-depth} (containers inside containers read before "nested too deep").
 */
@Component
class DumpReadings {

    static final String READER_JAR = "breach-reader/pathguard-breach-reader.jar";

    private final Path readerJar;
    private final String heap;
    private final Duration stall;
    private final int maxDepth;

    DumpReadings(@Value("${pathguard.breach.reader-jar:}") String readerJar,
                 @Value("${pathguard.breach.reader-heap:512m}") String heap,
                 @Value("${pathguard.breach.reader-stall:PT2M}") Duration stall,
                 @Value("${pathguard.breach.max-depth:100}") int maxDepth) {
        this.readerJar = readerJar.isBlank() ? besideTheCode() : Path.of(readerJar);
        this.heap = heap;
        this.stall = stall;
        this.maxDepth = maxDepth;
    }

    DumpReading open(int workers) throws IOException {
        return new DumpReading(new PlainTextReading(),
                new ReaderProcesses(new ReaderProcesses.Settings(readerJar, heap, stall, maxDepth), workers));
    }

    /** target/breach-reader/... beside target/pathguard.jar (the launcher) or target/classes (tests, the IDE). */
    static Path besideTheCode() {
        Path home = new ApplicationHome(DumpReadings.class).getDir().toPath();
        for (Path dir = home; dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve(READER_JAR);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            if (dir.getFileName() != null && dir.getFileName().toString().equals("target")) {
                break;
            }
        }
        return home.resolve(READER_JAR);
    }
}
