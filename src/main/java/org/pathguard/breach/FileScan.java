package org.pathguard.breach;

import org.pathguard.breach.detect.DataCategory;
import org.pathguard.breach.detect.Detector;
import org.pathguard.breach.detect.DocumentScan;
import org.pathguard.breach.detect.Excerpt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One top-level file being read on one worker thread: each document's text goes through the detector, each excerpt
 * straight to the matcher, and only the aggregate is kept (per patient and for the file), so memory does not grow
 * with the file. The excerpts themselves, identifiers in clear, are dropped as soon as they are matched.
 */
final class FileScan implements DocumentVisitor {

    private final Detector detector;
    private final PatientMatcher matcher;
    private final Map<UUID, Found> patients = new LinkedHashMap<>();
    /** Hashed, not sorted, while the file is read (a results dump has one a line); sorted once for its row. */
    private final Set<String> otherControllersNhs = new HashSet<>();
    private final Set<String> odsCodes = new TreeSet<>();
    private final Set<String> fingerprints = new TreeSet<>();
    private final List<String> errors = new ArrayList<>();
    private DocumentScan document;
    private long documents;
    private long testPatientMentions;
    private long finishedCharacters;
    /** Read by the progress line from another thread: characters read so far. */
    private volatile long characters;

    FileScan(Detector detector, PatientMatcher matcher) {
        this.detector = detector;
        this.matcher = matcher;
    }

    private static final class Found {
        boolean confirmed;
        final Set<String> identifiers = new TreeSet<>();
        final Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
    }

    @Override
    public void document(String pathInDump, String mediaType) {
        document = detector.start(pathInDump, this::excerpt);
    }

    @Override
    public void text(char[] chars, int offset, int length) {
        document.text(chars, offset, length);
        characters = finishedCharacters + document.characters();
    }

    @Override
    public void endDocument(long read) {
        document.end();
        fingerprints.addAll(document.fingerprints());
        finishedCharacters += document.characters();
        characters = finishedCharacters;
        documents++;
        document = null;
    }

    @Override
    public void unreadable(String pathInDump, String mediaType, String reason) {
        errors.add(pathInDump + ": " + reason);
    }

    private void excerpt(Excerpt excerpt) {
        odsCodes.addAll(excerpt.odsCodes());
        PatientMatcher.Matched m = matcher.match(excerpt);
        for (Match match : m.patients()) {
            Found f = patients.computeIfAbsent(match.patientId(), id -> new Found());
            f.confirmed |= match.confirmed();
            f.identifiers.addAll(match.identifiers());
            f.categories.addAll(match.categories());
        }
        otherControllersNhs.addAll(m.otherControllersNhs());
        testPatientMentions += m.testPatients();
    }

    long characters() {
        return characters;
    }

    /** The file's row, once the reader is done with it. */
    FileResult result(DumpWalk.DumpFile file, FileReading.FileRead read) {
        List<Match> found = new ArrayList<>();
        patients.forEach((id, f) -> found.add(new Match(id, f.confirmed, f.identifiers, f.categories)));
        return new FileResult(file.pathInDump(), file.bytes(), file.modified(), read.sha256(), read.mediaType(), documents,
                finishedCharacters, found, new TreeSet<>(otherControllersNhs), testPatientMentions, odsCodes, fingerprints, errors);
    }

    /** The row of a file that could not be read at all (not opened, or the scan failed on it): its errors say why. */
    FileResult failed(DumpWalk.DumpFile file, String why) {
        errors.add(file.pathInDump() + ": " + why);
        return result(file, new FileReading.FileRead(null, file.bytes(), null));
    }
}
