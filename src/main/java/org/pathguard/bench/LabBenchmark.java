package org.pathguard.bench;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.SpecimenReception;

import java.io.PrintStream;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * Measures the event log with encryption and the hash chain on: raw appends, whole result
 * submissions through autoverification (the product path), and replay by rebuild.
 */
public final class LabBenchmark {

    private static final Actor ANALYSER = new Actor("bench.analyser", Actor.Role.INTERFACE);

    /** A payload the size and shape of a recorded result. */
    record ResultSizedProbe(UUID resultId, UUID orderId, UUID specimenId, UUID patientId, String testCode,
                            String analyteCode, String value, String unit, String rangeLow, String rangeHigh,
                            String flag, List<String> holdReasons, String status) {
    }

    private final EventLog log;
    private final PatientRegistry patients;
    private final FbcWork work;
    private final ResultDesk results;
    private final PatientReads reads;
    private final Accounts accounts;
    private final String labOds;
    private final PrintStream out;
    private int errors;

    public LabBenchmark(EventLog log, PatientRegistry patients, OrderDesk orders, SpecimenReception reception,
                        ResultDesk results, Catalogue catalogue, PatientReads reads, Accounts accounts, String labOds,
                        PrintStream out) {
        this.reads = reads;
        this.accounts = accounts;
        this.labOds = labOds;
        this.log = log;
        this.patients = patients;
        this.work = new FbcWork(patients, orders, reception, catalogue);
        this.results = results;
        this.out = out;
    }

    /** Runs every measurement and returns the operations that failed: a figure with any failure is not printed. */
    public int run(int[] writerCounts, int appendsPerLevel, int submissionsPerLevel) throws Exception {
        out.printf("Machine: %d cores, %s %s, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        out.println();
        out.println("1. Raw appends: one result-sized event per append (AES-256-GCM payload, SHA-256 chain, group commit, no projection)");
        for (int writers : writerCounts) {
            measure("   " + writers + " writers", writers, appendsPerLevel, 1, "events", i -> log.append("bench",
                    NewEvent.of(UUID.randomUUID(), probe())));
        }
        out.println();
        int analytes = work.resultsPerSpecimen();
        out.println("2. Result submissions through the product path: FBC on a received specimen, " + analytes + " results each,");
        out.println("   matched to the order, judged by range/critical/delta rules, autoverified or held, projected");
        for (int writers : writerCounts) {
            List<String> barcodes = work.receivedSpecimens(submissionsPerLevel);
            List<ResultSubmission> submissions = barcodes.stream().map(work::results).toList();
            // Results, not events: a submission's results are one event since ADR 0056.
            measure("   " + writers + " writers", writers, submissions.size(), analytes, "results",
                    i -> results.record(ANALYSER, submissions.get(i)));
        }
        out.println();
        out.println("3. Patient reads by lab staff: demographics decrypted, with and without the access gate (reason, budget count,");
        out.println("   PatientDataRead appended before decryption); each reader reads " + READS_PER_READER + " distinct patients");
        List<UUID> readable = work.patientsWithOrders(2000);
        for (int writers : writerCounts) {
            String run = "w" + writers + "-" + System.nanoTime() % 100_000;
            measure("   " + writers + " readers, no gate  ", writers, readable.size(), 0, "events", i -> patients.get(readable.get(i)));
            measure("   " + writers + " readers, accounted", writers, readable.size(), 1, "events", i -> {
                Actor reader = new Actor("bench.reader-" + run + "-" + (i / READS_PER_READER), Actor.Role.SCIENTIST, labOds, null);
                reads.patient(reader, readable.get(i), "demographics");
                patients.get(readable.get(i));
            });
        }
        out.println();
        Accounts.Secrets person = accounts.createEnrolled(Actor.SYSTEM, "bench.signin-" + System.nanoTime() % 1_000_000,
                Actor.Role.SCIENTIST, labOds);
        int checks = 20;
        long signInStarted = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            accounts.checkPassword(person.username(), person.password(), java.time.Instant.now());
        }
        out.printf("4. Password check (Argon2id, 19 MiB, 2 passes, one lane): %.1f ms each, one at a time (%d checks)%n",
                (System.nanoTime() - signInStarted) / 1e6 / checks, checks);
        out.println();
        long started = System.nanoTime();
        long replayed = log.rebuild();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("5. Rebuild (truncate every projection, decrypt and replay the whole log): %,d events in %.2f s = %,.0f events/s%n",
                replayed, seconds, replayed / seconds);
        out.printf("%nerrors: %,d%n", errors);
        return errors;
    }

    private void measure(String label, int writers, int operations, int unitsPerOperation, String unit, IntConsumer operation)
            throws InterruptedException {
        Load.Figures figures = Load.run(writers, operations, () -> operation::accept);
        figures.printErrors(out, label);
        figures.print(out, label, unitsPerOperation, unit);
        errors += figures.errors().count();
    }

    private ResultSizedProbe probe() {
        return new ResultSizedProbe(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "UE", "K",
                "4.2", "mmol/L", "3.5", "5.3", null, List.of(), "FINAL");
    }

    private static final int READS_PER_READER = 500;
}
