package org.pathguard.breach;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The reading the scan's own tests need, UTF-8 text and ZIP archives of it, so they test the scan (walk, workers,
 * journal, outputs) whatever the reader process does. Streams in small pieces, as the real readers do.
 */
final class TextAndZipFiles implements FileReading {

    @Override
    public FileRead read(Path file, String pathInDump, DocumentVisitor visitor) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String type;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            if (pathInDump.endsWith(".zip")) {
                type = "application/zip";
                ZipInputStream zip = new ZipInputStream(in);
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (!e.isDirectory()) {
                        text(pathInDump + "/" + e.getName(), new InputStreamReader(zip, StandardCharsets.UTF_8), visitor);
                    }
                }
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } else {
                type = "text/plain";
                text(pathInDump, new InputStreamReader(in, StandardCharsets.UTF_8), visitor);
            }
        }
        return new FileRead(HexFormat.of().formatHex(sha256.digest()), Files.size(file), type);
    }

    private static void text(String path, Reader reader, DocumentVisitor visitor) throws IOException {
        visitor.document(path, "text/plain");
        char[] piece = new char[7];
        long characters = 0;
        for (int n = reader.read(piece); n >= 0; n = reader.read(piece)) {
            visitor.text(piece, 0, n);
            characters += n;
        }
        visitor.endDocument(characters);
    }
}
