package org.pathguard.bench;

import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.MllpListener;
import org.pathguard.interop.hl7.Route;
import org.pathguard.interop.hl7.RouteProposal;
import org.pathguard.interop.hl7.Routes;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.network.Referral;
import org.pathguard.network.ReferralState;
import org.pathguard.network.Referrals;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Referral round trips between two PathGuard labs in one JVM, each with its own embedded PostgreSQL, keys and MLLP
 * listener: lab A refers a troponin to lab B (OML^O21, B's ORL^O22 back), B's reception receives A's own barcode as
 * soon as B holds the order and B's analyser result is autoverified, B's report goes back to A on B's approved route
 * (ORU^R01 through B's outbound queue), and the round trip ends when A has filed it (the referral RESULTED).
 * The labs are introduced to each other as their managers and administrators would: the same steps as
 * {@code ReferralBetweenTwoLabsTest}, over plain MLLP on loopback.
 */
public final class ReferralBenchmark {

    /** A lab of the bench: its identity, and what its accessions and printed barcodes start with. */
    public record Lab(String odsCode, String name, String accessionPrefix) {
    }

    public static final Lab REFERRING = new Lab("RJ1", "Guy's and St Thomas' pathology", "GS");
    public static final Lab PERFORMING = new Lab("RYJ", "Imperial College Healthcare pathology", "IC");

    private static final String TEST = "TROP";
    private static final String GP = "G85001";
    private static final Actor GP_A = new Actor("bench.gp", Actor.Role.REQUESTER, GP, null);
    private static final Actor SCIENTIST_A = new Actor("bench.scientist.a", Actor.Role.SCIENTIST, REFERRING.odsCode(), null);
    private static final Actor MANAGER_A = new Actor("bench.manager.a", Actor.Role.LAB_MANAGER, REFERRING.odsCode(), null);
    private static final Actor ADMIN_A = new Actor("bench.admin.a", Actor.Role.ADMINISTRATOR, REFERRING.odsCode(), null);
    private static final Actor SCIENTIST_B = new Actor("bench.scientist.b", Actor.Role.SCIENTIST, PERFORMING.odsCode(), null);
    private static final Actor MANAGER_B = new Actor("bench.manager.b", Actor.Role.LAB_MANAGER, PERFORMING.odsCode(), null);
    private static final Actor SECOND_MANAGER_B = new Actor("bench.manager2.b", Actor.Role.LAB_MANAGER, PERFORMING.odsCode(), null);
    private static final Actor ADMIN_B = new Actor("bench.admin.b", Actor.Role.ADMINISTRATOR, PERFORMING.odsCode(), null);
    /** Loopback by address, not by name: a plain-MLLP sender is known by the address it connects from. */
    private static final String LOOPBACK = "127.0.0.1";

    /** How the bench's own people work: how often they look for what they wait for, and how long before it is a failure. */
    public record Pace(Duration look, Duration timeout) {
    }

    private final ApplicationContext a;
    private final ApplicationContext b;
    private final Pace pace;
    private final PrintStream out;
    private final AtomicInteger patientNumber = new AtomicInteger();

    public ReferralBenchmark(ApplicationContext a, ApplicationContext b, Pace pace, PrintStream out) {
        this.a = a;
        this.b = b;
        this.pace = pace;
        this.out = out;
    }

    /** Settings a lab of the bench starts with: its identity, plain MLLP on loopback (any free port), the outbound queue on. */
    public static List<String> settings(Lab lab) {
        return List.of("--pathguard.lab.ods-code=" + lab.odsCode(), "--pathguard.lab.name=" + lab.name(),
                "--pathguard.lab.accession-prefix=" + lab.accessionPrefix(), "--pathguard.mllp.enabled=true",
                "--pathguard.mllp.port=0", "--pathguard.mllp.bind-address=" + LOOPBACK, "--pathguard.mllp.plain=true",
                "--pathguard.outbound.enabled=true");
    }

    /**
     * A's directory entry for B (B's results come in as a partner's), A's agreement with B for troponin and B's MLLP
     * listener on A's list of destinations; B's entry for A (orders for A, troponin referable) and B's route for
     * requester A, proposed by one manager and approved by another.
     */
    public void introduce() {
        int aPort = a.getBean(MllpListener.class).port();
        int bPort = b.getBean(MllpListener.class).port();
        a.getBean(Routes.class).allow(ADMIN_A, LOOPBACK, bPort);
        a.getBean(Hl7Senders.class).configure(ADMIN_A, new Hl7Sender("bench.lab-b", null, LOOPBACK, List.of(), List.of(),
                PERFORMING.odsCode(), List.of()));
        // The most an agreement may name; the bench refers a few thousand a day at most, so capacity never refuses it.
        Map<Priority, Integer> noLimitInTheBench = Map.of(Priority.CRITICAL, 10_000, Priority.URGENT, 10_000, Priority.ROUTINE, 10_000);
        a.getBean(Agreements.class).set(MANAGER_A, new Agreement(PERFORMING.odsCode(), PERFORMING.name(),
                new Agreement.Endpoint(LOOPBACK, bPort, "PATHGUARD", PERFORMING.odsCode(), false),
                List.of(new Agreement.ReferredTest(TEST, TEST, null, List.of())), noLimitInTheBench, Agreement.Hours.ALWAYS,
                Map.of(Priority.CRITICAL, 60, Priority.URGENT, 240, Priority.ROUTINE, 1440), 45,
                new Agreement.Contact("Duty biochemist", "020 7946 0000")));

        b.getBean(Hl7Senders.class).configure(ADMIN_B, new Hl7Sender("bench.lab-a", null, LOOPBACK, List.of(REFERRING.odsCode()),
                List.of(), REFERRING.odsCode(), List.of(TEST)));
        Routes routes = b.getBean(Routes.class);
        routes.allow(ADMIN_B, LOOPBACK, aPort);
        RouteProposal proposal = routes.propose(MANAGER_B, new Route(REFERRING.odsCode(), LOOPBACK, aPort, "PATHGUARD",
                REFERRING.odsCode(), false));
        routes.decide(SECOND_MANAGER_B, proposal.id(), true, "Mutual aid: referred results go back to the referring lab");
    }

    /** An order at A with its serum tube received at A, waiting to be referred. */
    private record Placed(String accession, String barcode) {
    }

    /** One finished round trip: the times the two labs recorded, and when the bench saw B hold the order. */
    private record RoundTrip(Instant referred, Instant sent, Instant resultsAtB, Instant resulted) {
    }

    /** Runs each concurrency in turn, on orders of its own; returns how many round trips failed in all. */
    public int run(int referrals, int[] concurrencies) throws Exception {
        // The first messages pay for class loading, JIT and the first connections: a few round trips first, not timed.
        int failed = level(Math.min(WARM_UP, referrals), 1, false);
        for (int concurrency : concurrencies) {
            failed += level(referrals, concurrency, true);
        }
        return failed;
    }

    private static final int WARM_UP = 10;

    private int level(int referrals, int concurrency, boolean timed) throws Exception {
        List<Placed> orders = place(referrals);
        JdbcClient bDb = b.getBean(JdbcClient.class);
        long deadBefore = deadLetters(bDb);
        Map<String, AtomicInteger> errors = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        RoundTrip[] trips = new RoundTrip[referrals];
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < referrals; i = next.getAndIncrement()) {
                        try {
                            trips[i] = roundTrip(orders.get(i));
                        } catch (Failure f) {
                            count(errors, examples, f.kind, f.getMessage());
                        } catch (RuntimeException e) {
                            count(errors, examples, "other", e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long dead = deadLetters(bDb) - deadBefore;
        int failed = errors.values().stream().mapToInt(AtomicInteger::get).sum();

        if (timed) {
            out.printf("%n%d referrals of troponin, %d at a time (each of %d bench workers refers, then waits for its round trip)%n",
                    referrals, concurrency, concurrency);
        } else {
            out.printf("%nWarm-up: %d referrals of troponin, one at a time, not timed%n", referrals);
        }
        // A dead letter at B is a report A never gets; it shows as a round trip timed out too, so it is said beside it, not added.
        out.printf("  errors: %d round trips failed%s; %d report messages dead-lettered at B%n", failed,
                failed == 0 ? "" : " " + errors, dead);
        examples.forEach(e -> out.println("    e.g. " + e));
        if (failed > 0 || dead > 0) {
            out.printf("  no speed figures: %d of %d round trips failed%n", failed, referrals);
            return Math.max(failed, 1);
        }
        if (!timed) {
            return 0;
        }
        out.printf("  round trips: %d in %.1f s = %.2f/s%n", referrals, seconds, referrals / seconds);
        print("refer -> RESULTED at A (round trip)", trips, t -> Duration.between(t.referred(), t.resulted()));
        print("refer -> SENT (OML^O21 out, B files the order, ORL^O22 back)", trips, t -> Duration.between(t.referred(), t.sent()));
        print("results at B -> RESULTED at A (B's report queue, ORU^R01, A files)", trips,
                t -> Duration.between(t.resultsAtB(), t.resulted()));
        return 0;
    }

    private void print(String label, RoundTrip[] trips, Function<RoundTrip, Duration> span) {
        long[] micros = Arrays.stream(trips).map(span).mapToLong(d -> d.toNanos() / 1000).sorted().toArray();
        out.printf("  %-70s p50 %s  p95 %s  p99 %s  max %s%n", label + ":", ms(micros, 0.50), ms(micros, 0.95),
                ms(micros, 0.99), "%.1f ms".formatted(micros[micros.length - 1] / 1e3));
    }

    private static String ms(long[] sortedMicros, double quantile) {
        return "%.1f ms".formatted(sortedMicros[Math.min(sortedMicros.length - 1, (int) (sortedMicros.length * quantile))] / 1e3);
    }

    private static synchronized void count(Map<String, AtomicInteger> errors, List<String> examples, String kind, String what) {
        errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        if (examples.size() < 5) {
            examples.add(kind + ": " + what);
        }
    }

    /** A round trip that did not end RESULTED at A: its kind (refused, timed out...) and what the bench saw. */
    private static final class Failure extends RuntimeException {
        final String kind;

        Failure(String kind, String what) {
            super(what, null, false, false);
            this.kind = kind;
        }
    }

    /**
     * A's scientist refers the troponin; B's reception receives A's tube as soon as B holds the order, and B's analyser
     * result is recorded; then the bench waits for A to file B's result. Times are the labs' own (their events'), except
     * when B's result was recorded, which the bench notes as B's analyser would.
     */
    private RoundTrip roundTrip(Placed order) {
        Referrals referrals = a.getBean(Referrals.class);
        Instant referred = Instant.now();
        Instant deadline = referred.plus(pace.timeout());
        Referral referral = referrals.refer(SCIENTIST_A, order.accession(), TEST, PERFORMING.odsCode(), null);

        OrderDesk bOrders = b.getBean(OrderDesk.class);
        for (int look = 0; bOrders.byPlacerNumber(REFERRING.odsCode(), order.accession()).isEmpty(); look++) {
            // A's side is asked less often: a refusal only needs noticing, not timing.
            if (look % 10 == 9) {
                unlessFailed(referrals.referral(SCIENTIST_A, referral.id()), "B to hold the order");
            }
            rest(deadline, () -> "B to hold the order", referral.id());
        }
        b.getBean(SpecimenReception.class).receive(SCIENTIST_B, order.barcode(), Instant.now());
        List<LabResult> results = b.getBean(ResultDesk.class).record(SCIENTIST_B, new ResultSubmission(order.barcode(), List.of(),
                List.of(new ResultSubmission.Item("TROPT", "5", "ng/L", List.of()))));
        Instant resultsAtB = Instant.now();
        if (results.stream().anyMatch(r -> r.status() != ResultStatus.FINAL)) {
            throw new Failure("held at B", "B held the troponin for validation instead of autoverifying it");
        }

        while (true) {
            Referral now = referrals.referral(SCIENTIST_A, referral.id());
            if (now.state() == ReferralState.RESULTED || now.state() == ReferralState.CLOSED) {
                break;
            }
            unlessFailed(now, "A to file B's result");
            rest(deadline, () -> "A to file B's result (referral " + now.state() + diagnosis(referrals, referral.id(), order, resultsAtB)
                    + ")", referral.id());
        }
        Instant sent = null;
        Instant resulted = null;
        for (Referrals.Transition move : referrals.history(SCIENTIST_A, referral.id())) {
            if (move.to() == ReferralState.SENT) {
                sent = move.at();
            } else if (move.to() == ReferralState.RESULTED) {
                resulted = move.at();
            }
        }
        if (sent == null || resulted == null) {
            throw new Failure("other", "referral " + referral.id() + " reached RESULTED without a SENT or RESULTED move in its history");
        }
        return new RoundTrip(referred, sent, resultsAtB, resulted);
    }

    /**
     * How near A's SENT came to B's result, and when A refused B's report if it did: an ORU^R01 that reaches A before A
     * has recorded SENT finds the referral still REQUESTED.
     */
    private String diagnosis(Referrals referrals, UUID id, Placed order, Instant resultsAtB) {
        Instant sent = referrals.history(SCIENTIST_A, id).stream().filter(move -> move.to() == ReferralState.SENT)
                .map(Referrals.Transition::at).findFirst().orElse(null);
        if (sent == null) {
            return "";
        }
        UUID atB = b.getBean(OrderDesk.class).byPlacerNumber(REFERRING.odsCode(), order.accession()).map(LabOrder::id).orElse(null);
        List<Instant> refusedAt = atB == null ? List.of() : b.getBean(JdbcClient.class).sql("""
                        select e.recorded_at from outbound_message m
                          join event_log e on e.stream_id = m.id::text and e.event_type = 'DeliveryAbandoned'
                        where m.order_id = ? and m.state = 'DEAD'""").param(atB)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).list();
        return "; A recorded SENT %+d ms from when B's result was recorded%s".formatted(Duration.between(resultsAtB, sent).toMillis(),
                refusedAt.stream().map(at -> "; A refused B's ORU^R01 (dead letter at B) %+d ms from SENT".formatted(
                        Duration.between(sent, at).toMillis())).findFirst().orElse(""));
    }

    private static void unlessFailed(Referral now, String waitingFor) {
        if (now.state() == ReferralState.REFUSED) {
            throw new Failure("refused", "referral " + now.id() + " refused: " + now.reason());
        }
        if (now.state() == ReferralState.CANCELLED || now.state() == ReferralState.CANCEL_REQUESTED) {
            throw new Failure("other", "referral " + now.id() + " became " + now.state() + " while waiting for " + waitingFor);
        }
    }

    private void rest(Instant deadline, Supplier<String> waitingFor, UUID referral) {
        if (Instant.now().isAfter(deadline)) {
            throw new Failure("timed out", "referral " + referral + ": waited " + pace.timeout() + " for " + waitingFor.get());
        }
        try {
            TimeUnit.NANOSECONDS.sleep(pace.look().toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("other", "interrupted while waiting for " + waitingFor.get());
        }
    }

    private static long deadLetters(JdbcClient db) {
        return db.sql("select count(*) from outbound_message where state = 'DEAD'").query(Long.class).single();
    }

    /** Untimed: new patients at A, each with an urgent troponin order whose serum tube A has received. */
    private List<Placed> place(int count) throws Exception {
        PatientRegistry patients = a.getBean(PatientRegistry.class);
        OrderDesk orders = a.getBean(OrderDesk.class);
        SpecimenReception reception = a.getBean(SpecimenReception.class);
        long started = System.nanoTime();
        List<Placed> placed = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Placed>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                made.add(pool.submit(() -> {
                    int n = patientNumber.incrementAndGet();
                    Patient patient = patients.register(GP_A, new Registration(FbcWork.nhsNumber(n), null, "Referral", "Bench",
                            LocalDate.of(1950, 1, 1).plusDays(n % 18_000), n % 2 == 0 ? Sex.FEMALE : Sex.MALE, null));
                    String barcode = REFERRING.accessionPrefix() + "B%08d".formatted(n);
                    LabOrder order = orders.place(GP_A, new OrderRequest(patient.id(), null, null, null, GP, "Dr Bench",
                            Priority.URGENT, "Chest pain", null, null, List.of(TEST),
                            List.of(new OrderRequest.SpecimenLabel(barcode, "SER", Instant.now()))));
                    reception.receive(SCIENTIST_A, barcode, Instant.now());
                    return new Placed(order.accession(), barcode);
                }));
            }
            for (Future<Placed> f : made) {
                placed.add(f.get());
            }
        }
        out.printf("%nSet-up (untimed): %d orders placed and received at A in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
        return placed;
    }
}
