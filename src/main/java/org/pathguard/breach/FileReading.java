package org.pathguard.breach;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one file of a dump, whatever its format, into a {@link DocumentVisitor}. */
interface FileReading {

    /** What the file was, for files.csv and the scan's event. */
    record FileRead(String sha256, long bytes, String mediaType) {
    }

    /**
     * Reads {@code file}, named {@code pathInDump} in the outputs. Never throws for what is in the file: a corrupt,
     * hostile or unreadable file is reported through {@link DocumentVisitor#unreadable}. Throws only when the file
     * cannot be opened at all.
     */
    FileRead read(Path file, String pathInDump, DocumentVisitor visitor) throws IOException;
}
