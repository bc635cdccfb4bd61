package org.pathguard.breach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A visitor that keeps what a reading delivered, for the reading tests: documents in order, their text, the failures. */
class RecordedDocuments implements DocumentVisitor {

    final List<String> events = new ArrayList<>();
    /** Each document's text (parts of a document interrupted by an embedded one joined). */
    final Map<String, StringBuilder> text = new LinkedHashMap<>();
    final Map<String, String> unreadable = new LinkedHashMap<>();
    final Map<String, String> mediaTypes = new LinkedHashMap<>();
    int pieces;
    int largestPiece;
    long characters;
    private String open;
    private long openCharacters;

    @Override
    public void document(String pathInDump, String mediaType) {
        if (open != null) {
            throw new AssertionError("document " + pathInDump + " started inside " + open);
        }
        open = pathInDump;
        openCharacters = 0;
        mediaTypes.put(pathInDump, mediaType);
        text.computeIfAbsent(pathInDump, p -> new StringBuilder());
        events.add("document " + pathInDump);
    }

    @Override
    public void text(char[] chars, int offset, int length) {
        if (open == null) {
            throw new AssertionError("text outside a document");
        }
        if (text.get(open).length() < 1_000_000) {
            text.get(open).append(chars, offset, Math.min(length, 1_000_000));
        }
        pieces++;
        largestPiece = Math.max(largestPiece, length);
        openCharacters += length;
        characters += length;
    }

    @Override
    public void endDocument(long read) {
        if (open == null) {
            throw new AssertionError("end outside a document");
        }
        if (read != openCharacters) {
            throw new AssertionError(open + " ended with " + read + " characters, " + openCharacters + " delivered");
        }
        events.add("end " + open);
        open = null;
    }

    @Override
    public void unreadable(String pathInDump, String mediaType, String reason) {
        if (open != null) {
            throw new AssertionError("unreadable " + pathInDump + " inside " + open);
        }
        unreadable.put(pathInDump, reason);
        events.add("unreadable " + pathInDump);
    }

    String text(String path) {
        StringBuilder s = text.get(path);
        return s == null ? null : s.toString();
    }

    boolean closed() {
        return open == null;
    }
}
