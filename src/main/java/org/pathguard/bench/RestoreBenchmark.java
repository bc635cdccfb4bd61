package org.pathguard.bench;

import org.pathguard.access.Actor;
import org.pathguard.audit.Checkpoints;
import org.pathguard.backup.BackupShipper;
import org.pathguard.backup.Restore;
import org.pathguard.backup.RestoreProgress;
import org.pathguard.database.DatabaseServer;
import org.pathguard.eventlog.EventLog;
import org.pathguard.lab.Catalogue;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.ResultDesk;
import org.pathguard.specimen.SpecimenReception;
import org.pathguard.writeonce.WriteOnceStore;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Restore throughput against pg_dump + pg_restore of the same database, in one run on one machine:
 * a lab's log of N results is shipped to a directory repository, then restored (every segment
 * checked, events loaded, projections rebuilt) into an empty database on the same PostgreSQL
 * server that pg_restore restores the dump into.
 */
public final class RestoreBenchmark {

    private static final Actor ANALYSER = new Actor("bench.analyser", Actor.Role.INTERFACE);
    private static final long TARGET_RESULTS = 25_000_000L;

    private final PrintStream out;
    private final Path pgBin;

    public RestoreBenchmark(PrintStream out, Path pgBin) {
        this.out = out;
        this.pgBin = pgBin;
    }

    /**
     * @param source a running lab shipping to {@code repository}
     * @param target starts PathGuard on an empty database of the source's server, given its JDBC URL
     */
    public void run(ConfigurableApplicationContext source, Path repository, Path work, int results,
                    Function<String, ConfigurableApplicationContext> target, RestoreProgress progress) throws Exception {
        out.printf("Machine: %d cores, %s %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        FbcWork fbc = new FbcWork(source.getBean(PatientRegistry.class), source.getBean(OrderDesk.class),
                source.getBean(SpecimenReception.class), source.getBean(Catalogue.class));
        int specimens = (results + fbc.resultsPerSpecimen() - 1) / fbc.resultsPerSpecimen();
        long started = System.nanoTime();
        List<String> barcodes = fbc.receivedSpecimens(specimens);
        ResultDesk desk = source.getBean(ResultDesk.class);
        Load.Figures load = Load.run(8, barcodes.size(), () -> i -> {
            if (desk.record(ANALYSER, fbc.results(barcodes.get(i))).isEmpty()) {
                throw new Load.Refused("no result recorded");
            }
        });
        if (!load.measured()) {
            load.printErrors(out, "The lab's results");
            throw new IllegalStateException(load.errors().count() + " of the lab's result submissions failed: no restore to measure");
        }
        JdbcTemplate sourceDb = source.getBean(JdbcTemplate.class);
        long resultRows = count(sourceDb, "result");
        long events = source.getBean(EventLog.class).lastSequence();
        out.printf("1. The lab's work through its services: %,d patients with FBC orders, %,d results, %,d events in %.0f s%n",
                specimens, resultRows, events, seconds(started));

        started = System.nanoTime();
        source.getBean(Checkpoints.class).makeCheckpoints();
        out.printf("2. Signed checkpoints and shipped segments for the whole log: %.1f s (%,.0f events/s)%n",
                seconds(started), events / seconds(started));
        started = System.nanoTime();
        source.getBean(BackupShipper.class).snapshot();
        out.printf("   A snapshot of every projection table: %.1f s; the repository now holds %,d MB%n",
                seconds(started), size(repository) >> 20);

        DatabaseServer server = source.getBean(DatabaseServer.class);
        Path dump = work.resolve("lab.dump");
        started = System.nanoTime();
        run(server.password(), pgBin.resolve("pg_dump").toString(), "-Fc", "-h", "localhost", "-p", String.valueOf(server.port()), "-U", "postgres",
                "-f", dump.toString(), "postgres");
        double dumpSeconds = seconds(started);
        sourceDb.execute("create database pg_restore_target");
        started = System.nanoTime();
        run(server.password(), pgBin.resolve("pg_restore").toString(), "-h", "localhost", "-p", String.valueOf(server.port()), "-U", "postgres",
                "-d", "pg_restore_target", dump.toString());
        double pgRestoreSeconds = seconds(started);
        double pgSeconds = dumpSeconds + pgRestoreSeconds;
        out.printf("3. pg_dump -Fc: %.1f s (%,d MB); pg_restore into an empty database: %.1f s; together %.1f s = %,.0f results/s%n",
                dumpSeconds, Files.size(dump) >> 20, pgRestoreSeconds, pgSeconds, resultRows / pgSeconds);
        sourceDb.execute("create database pg_restore_single_target");
        started = System.nanoTime();
        run(server.password(), pgBin.resolve("pg_restore").toString(), "--single-transaction", "-h", "localhost", "-p",
                String.valueOf(server.port()), "-U", "postgres", "-d", "pg_restore_single_target", dump.toString());
        double pgSingleSeconds = seconds(started);
        out.printf("   pg_restore --single-transaction (all or nothing, as PathGuard's restore): %.1f s%n", pgSingleSeconds);

        double fromSnapshot = restore(target, sourceDb, server, "snapshot_target", repository, false, events, resultRows, progress,
                "4. PathGuard restore from the snapshot (check every segment; load the log and the snapshot; replay the events after it)");
        out.printf("   %.2f× as fast as pg_restore alone, %.2f× pg_restore --single-transaction%n",
                pgRestoreSeconds / fromSnapshot, pgSingleSeconds / fromSnapshot);
        double fullReplay = restore(target, sourceDb, server, "replay_target", repository, true, events, resultRows, progress,
                "5. PathGuard restore replaying every event (--replay-all)");
        out.printf("%nAgainst pg_restore alone in this run (the fair comparison: the dump is taken before the attack): "
                        + "PathGuard from the snapshot %.2f× as fast (%.2f× pg_restore --single-transaction), replaying everything %.2f×%n",
                pgRestoreSeconds / fromSnapshot, pgSingleSeconds / fromSnapshot, pgRestoreSeconds / fullReplay);
        out.printf("25 million results (a large hub lab's year) at these rates: PathGuard restore %.1f min from a snapshot, "
                        + "%.1f min replaying everything; pg_restore alone %.1f min, pg_dump + pg_restore %.1f min "
                        + "(target: 5 min from the snapshot, at least 10× pg_restore alone)%n",
                TARGET_RESULTS * fromSnapshot / resultRows / 60, TARGET_RESULTS * fullReplay / resultRows / 60,
                TARGET_RESULTS * pgRestoreSeconds / resultRows / 60, TARGET_RESULTS * pgSeconds / resultRows / 60);
    }

    /** Restores into a new database on the lab's server and checks it holds what the lab held; returns the seconds taken. */
    private double restore(Function<String, ConfigurableApplicationContext> target, JdbcTemplate labDb, DatabaseServer server, String database,
                           Path repository, boolean replayAll, long events, long resultRows, RestoreProgress progress,
                           String label) {
        labDb.execute("create database " + database);
        String url = server.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        try (ConfigurableApplicationContext restored = target.apply(url); WriteOnceStore store = WriteOnceStore.open(repository.toString())) {
            long started = System.nanoTime();
            Restore.Restored r = restored.getBean(Restore.class).restore(store, replayAll, progress);
            double restoreSeconds = seconds(started);
            long restoredResults = count(restored.getBean(JdbcTemplate.class), "result");
            if (restoredResults != resultRows || r.events() != events) {
                throw new IllegalStateException("The restore holds " + restoredResults + " results and " + r.events()
                        + " events, not " + resultRows + " and " + events);
            }
            out.printf("%s:%n   %.1f s = %,.0f events/s, %,.0f results/s (checking and loading %.1f s, replaying %,d events %.1f s)%n",
                    label, restoreSeconds, events / restoreSeconds, resultRows / restoreSeconds,
                    r.loading().toMillis() / 1e3, r.replayed(), r.replaying().toMillis() / 1e3);
            return restoreSeconds;
        }
    }

    private static long count(JdbcTemplate db, String table) {
        return db.queryForObject("select count(*) from " + table, Long.class);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Runs a PostgreSQL client against the embedded server, which needs its password. */
    private static void run(String password, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
