package org.pathguard.reader;

import org.apache.tika.parser.AutoDetectParser;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The breach scan's reader (ADR 0042): a process of its own that reads the files of a leaked dump with Apache Tika,
 * so that a hostile file is parsed where there are no keys, no registry and a heap of its own, and can be killed.
 * <p>
 * Requests on stdin, one per file: two strings (an int length and UTF-8 bytes), the file's path on disk and its
 * path in the dump. Answers on stdout in {@link Frames}, ending with 'F' (or 'X' when the file cannot be opened).
 * Sends 'R' once Tika is loaded, before the first request. Ends when stdin closes. Arguments: {@code --max-depth=N} containers (default 100).
 */
public final class Reader {

    private Reader() {
    }

    public static void main(String[] args) throws IOException {
        int maxDepth = 100;
        for (String arg : args) {
            if (arg.startsWith("--max-depth=")) {
                maxDepth = Integer.parseInt(arg.substring("--max-depth=".length()));
            }
        }
        // stdout carries the frames and stderr our diagnostics alone: what libraries print (a parser's warning may
        // quote a document) goes nowhere.
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        Diagnostics.to(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);

        Frames frames = new Frames(stdout);
        FileParse parse = new FileParse(new AutoDetectParser(), frames, maxDepth);
        frames.ready();
        DataInputStream requests = new DataInputStream(new BufferedInputStream(System.in));
        try {
            while (true) {
                String file;
                String pathInDump;
                try {
                    file = string(requests);
                    pathInDump = string(requests);
                } catch (EOFException e) {
                    return;
                }
                read(Path.of(file), pathInDump, frames, parse);
            }
        } catch (UncheckedIOException e) {
            Diagnostics.note("the scan went away");
        }
    }

    private static void read(Path file, String pathInDump, Frames frames, FileParse parse) {
        String sha256;
        long bytes;
        try {
            bytes = Files.size(file);
            sha256 = sha256(file);
        } catch (NoSuchFileException e) {
            frames.cannotOpen("no such file");
            return;
        } catch (IOException e) {
            frames.cannotOpen("cannot be opened (" + e.getClass().getSimpleName() + ")");
            return;
        }
        String mediaType = "application/octet-stream";
        try {
            mediaType = parse.read(file, pathInDump, bytes);
        } catch (IOException e) {
            // Opening or detecting failed before any document started (a parse's own failures are its document's).
            Diagnostics.failed(e);
            while (frames.anyOpen()) {
                frames.abandon();
            }
            frames.unreadable(pathInDump, mediaType, "corrupt or not readable (" + e.getClass().getSimpleName() + ")");
        }
        frames.fileDone(sha256, bytes, mediaType);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
