package org.pathguard.breach;

import org.pathguard.access.ForbiddenAction;
import org.pathguard.lab.LabRuleViolation;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where on the lab server a privacy officer may point a scan: only under the directories the administrator configured
 * for leaked dumps ({@code pathguard.breach.roots}), and never into the lab's own data or keys, whatever a root says.
 * A typed path is judged as written (so nothing outside the roots is even looked at) and again once its links and
 * ".." are resolved (so a link inside a root cannot lead out of it).
 */
record ScanRoots(List<Path> roots, List<Path> labData) {

    static final int MOST_PATHS = 20;

    ScanRoots {
        roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        labData = labData.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** From the setting: paths separated by commas; none configured means no scan may run on this server. */
    static ScanRoots of(String configured, Path... labData) {
        List<Path> roots = configured == null ? List.of() : Arrays.stream(configured.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
        return new ScanRoots(roots, List.of(labData));
    }

    /** Each typed path checked, as the file it really is; refused in words on the first that may not be scanned. */
    List<Path> check(List<String> typed) {
        List<String> given = typed == null ? List.of() : typed.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
        if (given.isEmpty()) {
            throw new LabRuleViolation("missing-paths", "Give the full path of at least one directory, file or archive on the server");
        }
        if (given.size() > MOST_PATHS) {
            throw new LabRuleViolation("too-many-paths", "At most " + MOST_PATHS + " paths in one scan; name the directories that hold them");
        }
        List<Path> checked = new ArrayList<>();
        for (String path : given) {
            Path real = check(path);
            if (!checked.contains(real)) {
                checked.add(real);
            }
        }
        return checked;
    }

    Path check(String typed) {
        if (roots.isEmpty()) {
            throw new ForbiddenAction("No directories for leaked dumps are configured on this server (setting pathguard.breach.roots):"
                    + " ask the administrator to name where dumps are put");
        }
        if (typed.length() > 4096 || typed.indexOf('\0') >= 0) {
            throw new LabRuleViolation("invalid-path", "That is not a path on the server");
        }
        Path written;
        try {
            written = Path.of(typed);
        } catch (InvalidPathException e) {
            throw new LabRuleViolation("invalid-path", "That is not a path on the server");
        }
        if (!written.isAbsolute()) {
            throw new LabRuleViolation("relative-path", "Give the full path, from / (" + shown(typed) + " is relative)");
        }
        Path normal = written.normalize();
        refuseOutside(normal, roots, typed);
        Path real;
        try {
            real = written.toRealPath();
        } catch (NoSuchFileException e) {
            throw new LabRuleViolation("path-not-found", "There is no file or directory at " + shown(typed) + " on the server");
        } catch (IOException | SecurityException e) {
            throw new LabRuleViolation("path-unreadable", "The server cannot open " + shown(typed) + ": check its permissions");
        }
        // Roots are resolved now, not at start-up: a root may be mounted after the server starts.
        refuseOutside(real, roots.stream().map(ScanRoots::real).toList(), typed);
        for (Path data : labData) {
            if (real.startsWith(real(data)) || real(data).startsWith(real)) {
                throw new ForbiddenAction(shown(typed) + " holds the lab's own data directory or keys, which are never scanned");
            }
        }
        return real;
    }

    private void refuseOutside(Path path, List<Path> within, String typed) {
        if (within.stream().noneMatch(path::startsWith)) {
            throw new ForbiddenAction(shown(typed) + " is outside the directories configured for leaked dumps ("
                    + String.join(", ", roots.stream().map(Path::toString).toList()) + ")"
                    + (path.equals(Path.of(typed).normalize()) ? "" : " once its links are followed"));
        }
    }

    /** A root or the lab's directory as it really is (links followed); as configured when it does not exist. */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static String shown(String typed) {
        return typed.length() > 200 ? typed.substring(0, 200) + "…" : typed;
    }
}
