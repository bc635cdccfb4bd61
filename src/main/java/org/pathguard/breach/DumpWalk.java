package org.pathguard.breach;

import org.pathguard.lab.LabRuleViolation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The top-level files of a dump: every regular file under the paths named, in a fixed order. Archives are files
 * here; the reader opens them. Symbolic links are not followed, so a link in a leaked dump cannot lead the scan
 * out of it.
 */
final class DumpWalk {

    /**
     * One file of the dump.
     *
     * @param pathInDump what the outputs call it: relative to the directory named, under that directory's own name
     *                   ("shared-drive/letters/2024.docx"), or a file's own name when the file was named
     * @param modified   last modified, in milliseconds: with the size, how a resumed scan knows the file is unchanged
     */
    record DumpFile(Path file, String pathInDump, long bytes, long modified) {
    }

    private DumpWalk() {
    }

    /** Every file under {@code paths}; refuses a path that does not exist before anything is read. */
    static List<DumpFile> walk(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new LabRuleViolation("no-paths", "Name at least one directory, file or archive to scan");
        }
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new LabRuleViolation("path-not-found", "Nothing to scan at " + p + ": no such file or directory");
            }
        }
        Map<Path, DumpFile> files = new LinkedHashMap<>();
        for (Path named : paths) {
            Path root = named.toAbsolutePath().normalize();
            String prefix = root.getFileName() == null ? "" : root.getFileName().toString();
            if (Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
                files.putIfAbsent(root, file(root, prefix));
                continue;
            }
            try (Stream<Path> walked = Files.walk(root)) {
                walked.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> files.putIfAbsent(p,
                        file(p, prefix.isEmpty() ? slashed(root.relativize(p)) : prefix + "/" + slashed(root.relativize(p)))));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not list " + named, e);
            }
        }
        List<DumpFile> sorted = new ArrayList<>(files.values());
        sorted.sort(Comparator.comparing(DumpFile::pathInDump));
        return sorted;
    }

    private static DumpFile file(Path p, String pathInDump) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new DumpFile(p, pathInDump, a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the attributes of " + p, e);
        }
    }

    private static String slashed(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
