package org.pathguard.posture;

import org.pathguard.database.DatabaseServer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * B3.c: the canary patient's identifiers are in clear nowhere in the database's own files (heap, indexes, WAL) nor in
 * a pg_dump. Reading a demo lab's files and dumping it takes seconds, too long for every view of the posture screen,
 * so a search is kept and shown with its time for {@code pathguard.posture.canary-every} (default an hour); the next
 * view after that searches again.
 */
@Component
class StoredDataCanary implements Probe {

    static final Indicator INDICATOR = new Indicator("b3c-canary-not-in-clear", CafOutcome.B3_C,
            "The canary patient's identifiers are in clear nowhere in the database's files or a pg_dump", Indicator.Kind.AUTOMATED);

    private final Canary canary;
    private final DatabaseServer database;
    private final Duration every;
    private final String pgDump;
    private CanarySearch last;

    StoredDataCanary(Canary canary, DatabaseServer database,
                     @Value("${pathguard.posture.canary-every:PT1H}") Duration every,
                     @Value("${pathguard.posture.pg-dump:}") String pgDump) {
        this.canary = canary;
        this.database = database;
        this.every = every;
        this.pgDump = pgDump;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public synchronized Reading take(Instant now) {
        if (last == null || !now.isBefore(last.at().plus(every))) {
            search(now);
        }
        return new Reading(INDICATOR, last.rating(), last.finding(), last.evidence(), last.at());
    }

    /** Searches now, whatever the last search was (a test that plants the canary does not wait an hour). */
    synchronized CanarySearch search(Instant now) {
        long started = System.nanoTime();
        ClearTextSearch search = new ClearTextSearch(Canary.writtenForms(canary.registeredOnce()));
        long files = -1;
        long bytes = 0;
        List<String> inFiles = new ArrayList<>();
        if (database.dataDirectory().isPresent()) {
            Path root = database.dataDirectory().get();
            files = 0;
            for (Path file : files(root)) {
                try (InputStream in = Files.newInputStream(file)) {
                    Set<String> found = search.search(in);
                    files++;
                    bytes += Files.size(file);
                    found.stream().sorted().forEach(f -> inFiles.add(root.relativize(file) + ": " + f));
                } catch (IOException gone) {
                    // PostgreSQL removes files as it works (a recycled WAL segment, a dropped temporary table): not a leak.
                }
            }
        }
        Dump dump = dump(search);
        last = new CanarySearch(now, Duration.ofNanos(System.nanoTime() - started), files, bytes, inFiles, dump.problem(),
                dump.bytes(), dump.found());
        return last;
    }

    /** Every regular file under the data directory; one PostgreSQL removes meanwhile (a recycled WAL segment) is passed over. */
    private static List<Path> files(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Nothing read: the search says so (no files searched is not achieved).
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    private record Dump(String problem, long bytes, List<String> found) {
    }

    /** pg_dump's --dbname and environment: the credentials go only in the environment, never where {@code ps} shows them. */
    record DumpCall(String dbname, Map<String, String> environment) {
    }

    /**
     * The JDBC URL as a libpq URI without its credentials: a user or password in the URL's user-info or in its
     * {@code user=} / {@code password=} parameters is moved to PGUSER / PGPASSWORD (the configured user and password,
     * when given, win); every other parameter is kept.
     */
    static DumpCall dumpCall(String jdbcUrl, String user, String password) {
        Map<String, String> environment = new LinkedHashMap<>();
        String url = jdbcUrl.replaceFirst("^jdbc:", "");
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        Matcher info = USER_INFO.matcher(base);
        if (info.matches()) {
            String[] parts = info.group(2).split(":", 2);
            if (!parts[0].isEmpty()) {
                environment.put("PGUSER", decode(parts[0]));
            }
            if (parts.length == 2) {
                environment.put("PGPASSWORD", decode(parts[1]));
            }
            base = info.group(1) + info.group(3);
        }
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
                String value = parameter.contains("=") ? decode(parameter.split("=", 2)[1]) : "";
                switch (name) {
                    case "password" -> environment.put("PGPASSWORD", value);
                    case "user" -> environment.put("PGUSER", value);
                    case "" -> { }
                    default -> kept.add(parameter);
                }
            }
        }
        if (user != null) {
            environment.put("PGUSER", user);
        }
        if (password != null) {
            environment.put("PGPASSWORD", password);
        }
        return new DumpCall(kept.isEmpty() ? base : base + "?" + String.join("&", kept), environment);
    }

    private static final Pattern USER_INFO = Pattern.compile("^([a-z]+://)([^@/]*)@(.*)$");

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The whole database as pg_dump writes it, searched as it streams (never held or written anywhere). */
    private Dump dump(ClearTextSearch search) {
        Path executable = pgDump.isBlank() ? debianPgDump() : Path.of(pgDump);
        if (executable == null || !Files.isExecutable(executable)) {
            return new Dump("no pg_dump " + (pgDump.isBlank() ? "under /usr/lib/postgresql (install postgresql-client-15, or set "
                    + "pathguard.posture.pg-dump)" : "at " + pgDump), 0, List.of());
        }
        Path errors = null;
        try {
            errors = Files.createTempFile("pathguard-pg-dump-", ".err");
            DumpCall call = dumpCall(database.jdbcUrl(), database.user(), database.password());
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "--no-password", "--dbname=" + call.dbname())
                    .redirectError(errors.toFile());
            builder.environment().putAll(call.environment());
            Process process = builder.start();
            process.getOutputStream().close();
            ClearTextSearch.Reader reader = search.reader();
            long bytes = 0;
            try (InputStream out = process.getInputStream()) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = out.read(buffer)) > 0) {
                    reader.feed(buffer, n);
                    bytes += n;
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Dump("pg_dump did not finish in 10 minutes", bytes, List.of());
            }
            if (process.exitValue() != 0) {
                String said = Files.readString(errors, StandardCharsets.UTF_8).strip();
                return new Dump("pg_dump exited with " + process.exitValue() + ": " + said.substring(0, Math.min(300, said.length())),
                        bytes, List.of());
            }
            return new Dump(null, bytes, reader.found().stream().sorted().toList());
        } catch (IOException e) {
            return new Dump("cannot run " + executable + ": " + e.getClass().getSimpleName(), 0, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Dump("interrupted", 0, List.of());
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException ignored) {
                    // A temporary file of pg_dump's complaints: nothing of patients' in it.
                }
            }
        }
    }

    /** Debian's pg_dump: version 15 (the embedded server's) if installed, else the newest. */
    private static Path debianPgDump() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            List<Path> found = versions.map(v -> v.resolve("bin/pg_dump")).filter(Files::isExecutable)
                    .sorted(Comparator.comparing((Path p) -> !p.toString().contains("/15/"))
                            .thenComparing(Comparator.comparing(Path::toString).reversed()))
                    .toList();
            return found.isEmpty() ? null : found.getFirst();
        } catch (IOException e) {
            return null;
        }
    }
}
