package org.pathguard.breach;

/**
 * Receives the text of the documents in one file of a dump, in order: the file's own text and every document
 * embedded in it (an archive's members, an e-mail's attachments, a workbook's sheets), each whole before the
 * next starts. Text arrives in pieces as it is read; no document is ever held whole.
 */
interface DocumentVisitor {

    /** A document starts. {@code pathInDump} is the file's path in the dump, then each container's member ("a.zip/b.xlsx"). */
    void document(String pathInDump, String mediaType);

    void text(char[] chars, int offset, int length);

    /** The document just started is finished: {@code characters} were read from it. */
    void endDocument(long characters);

    /**
     * A document that could not be read, and why, in words for files.csv: corrupt, password-protected, a zip bomb,
     * nested too deep, an image or a scanned PDF without text (no OCR yet), or the reader stalled on it.
     */
    void unreadable(String pathInDump, String mediaType, String reason);
}
