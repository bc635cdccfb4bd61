package org.pathguard.bench;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Priority;
import org.pathguard.lab.ReferenceRange;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.SpecimenReception;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Measures the event log with encryption and the hash chain on: raw appends, whole result
 * submissions through autoverification (the product path), and replay by rebuild.
 */
public final class LabBenchmark {

    private static final Actor ANALYSER = new Actor("bench.analyser", Actor.Role.INTERFACE);
    private static final Actor SETUP = new Actor("bench.setup", Actor.Role.SCIENTIST);

    /** A payload the size and shape of a recorded result. */
    record ResultSizedProbe(UUID resultId, UUID orderId, UUID specimenId, UUID patientId, String testCode,
                            String analyteCode, String value, String unit, String rangeLow, String rangeHigh,
                            String flag, List<String> holdReasons, String status) {
    }

    private final EventLog log;
    private final PatientRegistry patients;
    private final OrderDesk orders;
    private final SpecimenReception reception;
    private final ResultDesk results;
    private final Catalogue catalogue;
    private final PatientReads reads;
    private final Accounts accounts;
    private final String labOds;
    private final PrintStream out;

    public LabBenchmark(EventLog log, PatientRegistry patients, OrderDesk orders, SpecimenReception reception,
                        ResultDesk results, Catalogue catalogue, PatientReads reads, Accounts accounts, String labOds,
                        PrintStream out) {
        this.reads = reads;
        this.accounts = accounts;
        this.labOds = labOds;
        this.log = log;
        this.patients = patients;
        this.orders = orders;
        this.reception = reception;
        this.results = results;
        this.catalogue = catalogue;
        this.out = out;
    }

    public void run(int[] writerCounts, int appendsPerLevel, int submissionsPerLevel) throws Exception {
        out.printf("Machine: %d cores, %s %s, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        out.println();
        out.println("1. Raw appends: one result-sized event per append (AES-256-GCM payload, SHA-256 chain, group commit, no projection)");
        for (int writers : writerCounts) {
            measure("   " + writers + " writers", writers, appendsPerLevel, 1, i -> log.append("bench",
                    NewEvent.of(UUID.randomUUID(), probe())));
        }
        out.println();
        int analytes = catalogue.test("FBC").analytes().size();
        out.println("2. Result submissions through the product path: FBC on a received specimen, " + analytes + " results each,");
        out.println("   matched to the order, judged by range/critical/delta rules, autoverified or held, projected");
        for (int writers : writerCounts) {
            List<String> barcodes = receivedSpecimens(submissionsPerLevel);
            List<ResultSubmission> submissions = barcodes.stream().map(this::fbcResults).toList();
            measure("   " + writers + " writers", writers, submissions.size(), analytes,
                    i -> results.record(ANALYSER, submissions.get(i)));
        }
        out.println();
        out.println("3. Patient reads by lab staff: demographics decrypted, with and without the access gate (reason, budget count,");
        out.println("   PatientDataRead appended before decryption); each reader reads " + READS_PER_READER + " distinct patients");
        List<UUID> readable = readablePatients();
        for (int writers : writerCounts) {
            String run = "w" + writers + "-" + System.nanoTime() % 100_000;
            measure("   " + writers + " readers, no gate  ", writers, readable.size(), 0, i -> patients.get(readable.get(i)));
            measure("   " + writers + " readers, accounted", writers, readable.size(), 1, i -> {
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
    }

    private void measure(String label, int writers, int operations, int eventsPerOperation, IntConsumer operation)
            throws Exception {
        Load.run(writers, operations, () -> i -> {
            operation.accept(i);
            return true;
        }).print(out, label, eventsPerOperation, "events");
    }

    private ResultSizedProbe probe() {
        return new ResultSizedProbe(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "UE", "K",
                "4.2", "mmol/L", "3.5", "5.3", null, List.of(), "FINAL");
    }

    private static final int READS_PER_READER = 500;

    private final AtomicInteger patientNumber = new AtomicInteger();
    private final List<UUID> patientsWithOrders = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Patients with orders in the lab, up to 2,000: those made for the result submissions. */
    private List<UUID> readablePatients() {
        synchronized (patientsWithOrders) {
            return List.copyOf(patientsWithOrders.subList(0, Math.min(2000, patientsWithOrders.size())));
        }
    }

    /** Patients with FBC orders whose EDTA specimens are received, made through the services (not timed). */
    private List<String> receivedSpecimens(int count) throws Exception {
        List<String> barcodes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                made.add(pool.submit(() -> {
                    int n = patientNumber.incrementAndGet();
                    NhsNumber nhs = NhsNumber.withCheckDigit("9995" + String.format("%05d", n))
                            .orElseGet(() -> NhsNumber.withCheckDigit("9996" + String.format("%05d", n)).orElseThrow());
                    Patient p = patients.register(SETUP, new Registration(nhs.value(), null, "Bench", "Patient",
                            LocalDate.of(1970, 1, 1).plusDays(n % 10000), n % 2 == 0 ? Sex.FEMALE : Sex.MALE, null));
                    String barcode = "BENCH%07d".formatted(n);
                    LabOrder o = orders.place(SETUP, new OrderRequest(p.id(), null, "RJ122", "Dr Bench", Priority.URGENT,
                            null, null, null, List.of("FBC"), List.of(new OrderRequest.SpecimenLabel(barcode, "EDTA", null))));
                    reception.receive(SETUP, barcode, null);
                    patientsWithOrders.add(p.id());
                    return barcode;
                }));
            }
            for (Future<String> f : made) {
                barcodes.add(f.get());
            }
        }
        return barcodes;
    }

    private ResultSubmission fbcResults(String barcode) {
        List<ResultSubmission.Item> items = new ArrayList<>();
        for (String code : catalogue.test("FBC").analytes()) {
            var analyte = catalogue.analyte(code);
            ReferenceRange range = analyte.ranges().getFirst();
            BigDecimal low = range.low() == null ? BigDecimal.ZERO : range.low();
            BigDecimal high = range.high() == null ? low.add(BigDecimal.TEN) : range.high();
            BigDecimal mid = low.add(high).divide(BigDecimal.TWO, analyte.decimals() == null ? 2 : analyte.decimals(), RoundingMode.HALF_UP);
            items.add(new ResultSubmission.Item(code, mid.toPlainString(), analyte.unit(), null));
        }
        return new ResultSubmission(barcode, List.of(), items);
    }
}
