package org.pathguard.breach;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Files of a dump read by Tika in reader processes (breach-reader/, ADR 0042): one process per worker, each with its
 * own heap, none holding a key. A process that sends nothing for the stall time is killed and the file reported as
 * not read ("the reader stalled after N s"); one that dies is reported likewise; the next file gets a fresh process.
 * The frames are those of {@code org.pathguard.reader.Frames}.
 */
final class ReaderProcesses implements FileReading, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReaderProcesses.class);
    /** Largest text frame the reader sends (its Frames.CHUNK); anything larger is a broken stream. */
    private static final int CHUNK = 16 * 1024;

    /** How the reader processes are started. {@code heap} is the -Xmx value, e.g. "512m". */
    record Settings(Path readerJar, String heap, Duration stall, int maxDepth) {
    }

    private final Settings settings;
    /** A reader process with no file for this long is stopped (it holds a heap); the next file starts another. */
    private static final Duration IDLE = Duration.ofMinutes(5);
    /** The silence allowed a reader process while it starts (loads Tika) before its ready frame. */
    private static final Duration STARTING = Duration.ofMinutes(2);
    /** How long an idle reader is given to exit by itself (writing its class-data archive the first time) at close. */
    private static final Duration EXIT = Duration.ofSeconds(5);

    private final BlockingQueue<Slot> idle;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private Path temporary;
    private ScheduledExecutorService watchdog;

    ReaderProcesses(Settings settings, int processes) {
        this.settings = settings;
        this.idle = new ArrayBlockingQueue<>(processes);
        for (int i = 0; i < processes; i++) {
            Slot slot = new Slot(i);
            slots.add(slot);
            idle.add(slot);
        }
    }

    /** The first file for Tika starts the watchdog and makes the private temporary directory; nothing before. */
    private synchronized void prepare() throws IOException {
        if (!Files.isRegularFile(settings.readerJar())) {
            throw new IOException("the breach scan's reader is not at " + settings.readerJar()
                    + ": build it with ./mvnw -DskipTests package, or set pathguard.breach.reader-jar");
        }
        if (watchdog != null) {
            return;
        }
        // Where Tika spools what it must read from a file (a 7z inside a zip): private, and removed at close.
        temporary = Files.createTempDirectory("pathguard-breach-reader");
        watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "breach-reader-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(50, Math.min(1000, settings.stall().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public FileRead read(Path file, String pathInDump, DocumentVisitor visitor) throws IOException {
        Slot slot;
        try {
            slot = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for a reader");
        }
        try {
            return slot.read(file, pathInDump, visitor);
        } finally {
            idle.add(slot);
        }
    }

    /** Kills a process silent for the stall time; stops one idle for {@link #IDLE} (taken from the queue, so no file is reading on it). */
    private void watch() {
        long now = System.nanoTime();
        for (Slot slot : slots) {
            slot.killIfStalled(now);
        }
        List<Slot> resting = new ArrayList<>();
        idle.drainTo(resting);
        for (Slot slot : resting) {
            if (slot.process != null && now - slot.finished > IDLE.toNanos()) {
                slot.finish();
            }
            idle.add(slot);
        }
    }

    @Override
    public synchronized void close() {
        for (Slot slot : slots) {
            slot.closeRequests();
        }
        for (Slot slot : slots) {
            slot.finish();
        }
        if (watchdog == null) {
            return;
        }
        watchdog.shutdownNow();
        watchdog = null;
        try (Stream<Path> paths = Files.walk(temporary)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("The breach reader's temporary directory was not removed: {}", e.getClass().getSimpleName());
        }
    }

    /** One worker's reader process, started when first needed and again after it was killed or died. */
    private final class Slot {
        private final int index;
        private volatile Process process;
        private DataOutputStream requests;
        private DataInputStream frames;
        private final byte[] bytes = new byte[CHUNK * 2];
        private final char[] chars = new char[CHUNK];
        /** When the file being read last sent a frame (System.nanoTime), or 0 when no file is being read. */
        private volatile long lastFrame;
        private volatile boolean stalled;
        /** The silence allowed now: the stall time, or longer while the process starts. */
        private volatile long silence;
        /** When the last file finished (System.nanoTime). */
        private volatile long finished;

        Slot(int index) {
            this.index = index;
        }

        FileRead read(Path file, String pathInDump, DocumentVisitor visitor) throws IOException {
            boolean starting = process == null || !process.isAlive();
            if (starting) {
                prepare();
                start();
            }
            Open open = new Open();
            stalled = false;
            try {
                if (starting) {
                    // Loading Tika takes seconds on a busy machine: that is not a stall on the file.
                    silence = Math.max(settings.stall().toNanos(), STARTING.toNanos());
                    lastFrame = System.nanoTime();
                    if (frames.readUnsignedByte() != 'R') {
                        throw new IOException("broken frame");
                    }
                }
                silence = settings.stall().toNanos();
                lastFrame = System.nanoTime();
                string(requests, file.toString());
                string(requests, pathInDump);
                requests.flush();
                return frames(visitor, open);
            } catch (CannotOpen e) {
                throw e;
            } catch (IOException e) {
                return lost(file, pathInDump, visitor, open);
            } catch (RuntimeException | Error e) {
                // The visitor failed: what is left of this file's frames is unread, so the process cannot go on.
                stop();
                throw e;
            } finally {
                lastFrame = 0;
                finished = System.nanoTime();
            }
        }

        private FileRead frames(DocumentVisitor visitor, Open open) throws IOException {
            while (true) {
                int tag = frames.readUnsignedByte();
                lastFrame = System.nanoTime();
                switch (tag) {
                    case 'D' -> {
                        open.path = string(frames);
                        open.mediaType = string(frames);
                        open.characters = 0;
                        open.started = true;
                        visitor.document(open.path, open.mediaType);
                    }
                    case 'T' -> {
                        int n = frames.readInt();
                        if (n < 0 || n > CHUNK || !open.started) {
                            throw new IOException("broken frame");
                        }
                        frames.readFully(bytes, 0, 2 * n);
                        for (int i = 0; i < n; i++) {
                            chars[i] = (char) (((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff));
                        }
                        open.characters += n;
                        visitor.text(chars, 0, n);
                    }
                    case 'E' -> {
                        long characters = frames.readLong();
                        open.started = false;
                        visitor.endDocument(characters);
                    }
                    case 'U' -> visitor.unreadable(string(frames), string(frames), string(frames));
                    case 'F' -> {
                        String sha256 = string(frames);
                        long bytes = frames.readLong();
                        return new FileRead(sha256, bytes, string(frames));
                    }
                    case 'X' -> throw new CannotOpen(string(frames));
                    default -> throw new IOException("broken frame");
                }
            }
        }

        /** The process stalled, died or sent nonsense: the file is reported not read, and the process replaced. */
        private FileRead lost(Path file, String pathInDump, DocumentVisitor visitor, Open open) throws IOException {
            boolean wasStalled = stalled;
            Process gone = process;
            stop();
            if (gone != null && !wasStalled) {
                try {
                    gone.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String reason = wasStalled
                    ? "the reader stalled after " + settings.stall().toSeconds() + " s"
                    : "the reader stopped" + (gone != null && !gone.isAlive() ? " (exit code " + gone.exitValue() + ")" : "")
                    + " while reading it";
            String mediaType = open.mediaType == null ? "application/octet-stream" : open.mediaType;
            if (open.started) {
                visitor.endDocument(open.characters);
            }
            visitor.unreadable(open.path == null ? pathInDump : open.path, mediaType, reason);
            log.warn("A breach reader process was {} and is replaced", wasStalled ? "stalled" : "lost");
            if (!Files.isRegularFile(file)) {
                throw new IOException("not a regular file");
            }
            return new FileRead(sha256(file), Files.size(file), mediaType);
        }

        void killIfStalled(long now) {
            long last = lastFrame;
            Process running = process;
            if (last != 0 && running != null && now - last > silence) {
                stalled = true;
                running.destroyForcibly();
            }
        }

        private void start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + settings.heap());
            command.add("-XX:+ExitOnOutOfMemoryError");
            command.add("-Xss4m");
            // One parsing thread a process, two processes on two cores: G1's concurrent and parallel threads cost more
            // CPU than they save (reader alone, the mixed dump: 14.8-17.5 s of CPU with G1, 13.7-14.0 s serial, and
            // ready in 0.6 s instead of 0.8 s).
            command.add("-XX:+UseSerialGC");
            command.add("-Djava.io.tmpdir=" + temporary);
            command.add("-Djava.awt.headless=true");
            // The JVM's own messages (a CDS or GC warning) go to stderr, never onto the frames on stdout.
            command.add("-Xlog:disable");
            command.add("-Xlog:all=error:stderr");
            Path archive = classArchive();
            if (archive != null) {
                // Loading Tika's few thousand classes is most of a reader's start (about 2 s of a scan's first files on
                // a busy two-core machine, 1 s with the archive): the JVM keeps them in a class-data archive beside the
                // jar, made at the first reader's exit and remade by itself when the jar or the JDK changes. One per
                // slot, so two readers never write the same file.
                command.add("-XX:+AutoCreateSharedArchive");
                command.add("-XX:SharedArchiveFile=" + archive);
            }
            command.add("-jar");
            command.add(settings.readerJar().toString());
            command.add("--max-depth=" + settings.maxDepth());
            process = new ProcessBuilder(command).start();
            requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 12));
            frames = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
            Process started = process;
            Thread diagnostics = new Thread(() -> diagnostics(started.getErrorStream()), "breach-reader-stderr");
            diagnostics.setDaemon(true);
            diagnostics.start();
        }

        /** The reader's class-data archive beside its jar, or null where that directory cannot be written. */
        private Path classArchive() {
            Path dir = settings.readerJar().toAbsolutePath().getParent();
            if (dir == null || !Files.isWritable(dir)) {
                return null;
            }
            return dir.resolve("pathguard-breach-reader-" + index + ".jsa");
        }

        /**
         * Ends an idle process the gentle way (its stdin closed, so it exits by itself and can write its class-data
         * archive), forcibly when it has not gone within {@link #EXIT}.
         */
        void finish() {
            Process running = process;
            if (running == null) {
                return;
            }
            try {
                closeRequests();
                if (running.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process = null;
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop();
        }

        /** The reader's stdin closed: it ends after the file it reads, if any. */
        void closeRequests() {
            DataOutputStream out = requests;
            if (process == null || out == null) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                // Gone already.
            }
        }

        void stop() {
            Process running = process;
            process = null;
            if (running != null) {
                running.destroyForcibly();
            }
        }
    }

    /** The document the frames have open: its path and type name the failure if the process is lost. */
    private static final class Open {
        String path;
        String mediaType;
        boolean started;
        long characters;
    }

    /** The reader could not open the file at all: the one failure {@link FileReading#read} throws. */
    static final class CannotOpen extends IOException {
        CannotOpen(String reason) {
            super("the reader could not open the file: " + reason);
        }
    }

    /** The reader's stderr holds exception classes and stack frames only (never text or paths): logged as they come. */
    private static void diagnostics(InputStream stderr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                log.warn("breach reader: {}", line);
            }
        } catch (IOException e) {
            // The process is gone.
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("broken frame");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
