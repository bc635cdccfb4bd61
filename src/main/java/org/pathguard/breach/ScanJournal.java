package org.pathguard.breach;

import org.pathguard.lab.LabRuleViolation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The scan's journal in its output directory: a first line naming the case and when the scan began, then one line per
 * finished file (its {@link FileResult} as JSON), appended and forced to disk before the file counts as done. An
 * interrupted scan rerun with the same directory and case skips every file the journal holds unchanged (same path, size
 * and modification time) and takes its result from here. A torn last line (the power went during the write) is cut
 * off and that file read again. Like the outputs, it holds no identifier in clear.
 */
final class ScanJournal implements AutoCloseable {

    static final String NAME = "scan-journal.jsonl";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Header(String caseReference, Instant started) {
    }

    private final FileChannel channel;
    private final Header header;
    private final Map<String, FileResult> done;

    private ScanJournal(FileChannel channel, Header header, Map<String, FileResult> done) {
        this.channel = channel;
        this.header = header;
        this.done = done;
    }

    /** Opens the journal in {@code dir}, continuing the case's earlier run if there was one; refuses another case's. */
    static ScanJournal open(Path dir, String caseReference, Instant now) {
        Path path = dir.resolve(NAME);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(path)) {
                FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Header header = new Header(caseReference, now);
                ScanJournal journal = new ScanJournal(channel, header, new HashMap<>());
                journal.write(header);
                return journal;
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8))) {
                return resume(dir, path, lines, caseReference);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the scan journal " + path, e);
        }
    }

    private static ScanJournal resume(Path dir, Path path, BufferedReader lines, String caseReference) throws IOException {
        String first = lines.readLine();
        Header header = first == null ? null : readOrNull(first, Header.class);
        if (header == null) {
            throw new LabRuleViolation("journal-unreadable", path + " is not a scan journal PathGuard can read: "
                    + "give the scan an empty output directory");
        }
        if (!header.caseReference().equals(caseReference)) {
            throw new LabRuleViolation("other-case", dir + " holds the scan of case " + header.caseReference()
                    + ": give case " + caseReference + " an output directory of its own");
        }
        Map<String, FileResult> done = new HashMap<>();
        long complete = first.getBytes(StandardCharsets.UTF_8).length + 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            FileResult r = readOrNull(line, FileResult.class);
            if (r == null) {
                break;
            }
            done.put(r.pathInDump(), r);
            complete += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        long size = channel.size();
        channel.truncate(complete);
        channel.position(Math.min(complete, size));
        ScanJournal journal = new ScanJournal(channel, header, done);
        if (complete > size) {
            // The last line was whole but its line end never reached the disk.
            journal.writeBytes(new byte[0]);
        }
        return journal;
    }

    private static <T> T readOrNull(String line, Class<T> type) {
        try {
            return JSON.readValue(line, type);
        } catch (JacksonException e) {
            return null;
        }
    }

    Header header() {
        return header;
    }

    /** The result an earlier run recorded for this file, if the file is unchanged since. */
    FileResult done(DumpWalk.DumpFile file) {
        FileResult r = done.get(file.pathInDump());
        return r != null && r.bytes() == file.bytes() && r.modified() == file.modified() ? r : null;
    }

    /** Records a finished file; it is on disk when this returns. */
    void finished(FileResult result) {
        write(result);
    }

    private void write(Record line) {
        writeBytes(JSON.writeValueAsBytes(line));
    }

    private void writeBytes(byte[] json) {
        ByteBuffer buffer = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the scan journal", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not close the scan journal", e);
        }
    }
}
