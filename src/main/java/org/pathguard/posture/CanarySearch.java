package org.pathguard.posture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One search of the database for the canary's identifiers in clear, and the rating it gives B3.c. Names where a value
 * was found (a file of the database, the dump) and which identifier in which encoding, never the value.
 *
 * @param filesSearched  files of the database's data directory read (heap, indexes, WAL); -1 when the server is not on
 *                       this machine (an external PostgreSQL), so its files could not be read
 * @param foundInFiles   "base/16384/2619: family name (UTF-8)" for each file holding a value in clear
 * @param dumpProblem    why no pg_dump could be taken, or null when one was
 * @param foundInDump    "family name (UTF-8)" for each value the dump held in clear
 */
record CanarySearch(Instant at, Duration took, long filesSearched, long bytesSearched, List<String> foundInFiles,
                    String dumpProblem, long dumpBytes, List<String> foundInDump) {

    CanarySearch {
        foundInFiles = List.copyOf(foundInFiles);
        foundInDump = List.copyOf(foundInDump);
    }

    /**
     * Found anywhere, no dump to search, or none of the files of a database on this machine read: not achieved. Only the
     * dump searched (the files on another machine): partially.
     */
    Rating rating() {
        if (!foundInFiles.isEmpty() || !foundInDump.isEmpty() || dumpProblem != null || filesSearched == 0) {
            return Rating.NOT_ACHIEVED;
        }
        return filesSearched < 0 ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
    }

    String finding() {
        if (!foundInFiles.isEmpty() || !foundInDump.isEmpty()) {
            return "The canary patient's identifiers are in clear in " + (foundInFiles.isEmpty() ? "" : foundInFiles.size()
                    + " of the database's files" + (foundInDump.isEmpty() ? "" : " and ")) + (foundInDump.isEmpty() ? "" : "a pg_dump");
        }
        if (dumpProblem != null) {
            return "Cannot dump: " + dumpProblem;
        }
        if (filesSearched == 0) {
            return "The database's own files could not be read";
        }
        if (filesSearched < 0) {
            return "The canary is in clear nowhere in a pg_dump; the database's own files are on another machine and were not searched";
        }
        return "The canary is in clear nowhere in the database's " + filesSearched + " files or in a pg_dump";
    }

    List<Evidence> evidence() {
        List<Evidence> e = new ArrayList<>();
        e.add(new Evidence("database files searched", filesSearched < 0 ? "none (external server)"
                : "%,d files, %,d MB".formatted(filesSearched, bytesSearched >> 20)));
        e.add(new Evidence("pg_dump searched", dumpProblem != null ? "no" : "%,d MB".formatted(dumpBytes >> 20)));
        e.add(new Evidence("searched for", "NHS number, hospital number, names, date of birth, postcode as UTF-8, UTF-16 and hex, any case"));
        foundInFiles.stream().limit(10).forEach(f -> e.add(new Evidence("in clear in a database file", f)));
        foundInDump.forEach(f -> e.add(new Evidence("in clear in the pg_dump", f)));
        e.add(new Evidence("search took", took.toMillis() + " ms"));
        return e;
    }
}
