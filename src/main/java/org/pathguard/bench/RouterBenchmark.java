package org.pathguard.bench;

import org.pathguard.demo.DemoNetwork;
import org.pathguard.demo.NetworkDay;
import org.pathguard.demo.NetworkRun;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Priority;
import org.pathguard.router.MutualAid;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The network router under load, on the demo's network (router and three labs in one JVM, MLLP over TLS with client
 * certificates between them): RJ1's requesters' orders sent by their order communications over K connections,
 * (1) through the router to RJ1 while it is up: the router's acknowledgement (after it has recorded the order) and the
 * time until RJ1 has taken it (the router's record of RJ1's AA); (2) the same kind of orders straight to RJ1, as before
 * there was a router; (3) through the router while RJ1 is down: triage in the acknowledgement, the routed orders until
 * the partners have taken them, and on RJ1's return the held orders drained into it. Every AE/AR, every order a lab
 * or triage refused and every order not where it should be by the give-up counts as an error; errors are printed first.
 */
public final class RouterBenchmark {

    /** Partners that take whatever the bench sends, so triage routes every critical and urgent order and holds the routine. */
    public static final List<MutualAid> BENCH_AID = List.of(aid(DemoNetwork.PARTNER_B.ods()), aid(DemoNetwork.PARTNER_C.ods()));
    private static final int WARM_UP = 20;
    private static final int MOST_PER_MINUTE = 10_000;

    private final ApplicationContext router;
    private final NetworkRun network;
    private final int homeLabPort;
    private final Catalogue catalogue;
    private final Duration giveUp;
    private final PrintStream out;
    private final String run = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36).toUpperCase(java.util.Locale.ROOT);
    private List<NetworkDay.DemoOrder> day;
    private int taken;

    public RouterBenchmark(ApplicationContext router, NetworkRun network, int homeLabPort, Catalogue catalogue,
                           Duration giveUp, PrintStream out) {
        this.router = router;
        this.network = network;
        this.homeLabPort = homeLabPort;
        this.catalogue = catalogue;
        this.giveUp = giveUp;
        this.out = out;
    }

    private static MutualAid aid(String partner) {
        return new MutualAid(DemoNetwork.HOME.ods(), partner,
                List.of("BONE", "COAG", "CRP", "FBC", "GRP", "HBA1C", "LFT", "LIPID", "TFT", "TROP", "UE"),
                Map.of(Priority.CRITICAL, 1_000_000, Priority.URGENT, 1_000_000, Priority.ROUTINE, 1_000_000),
                Map.of(Priority.CRITICAL, 45, Priority.URGENT, 180, Priority.ROUTINE, 1440), 10);
    }

    /** Runs each connection count in turn; returns the number of errors in all (0: the figures stand). */
    public int run(int orders, int[] connections) throws Exception {
        long started = System.nanoTime();
        // One synthetic patient per order across the whole run: a patient is never sent twice with other details.
        day = NetworkDay.orders(WARM_UP * 3 + orders * 3 * connections.length, 16, run, catalogue,
                DemoNetwork.requesters().stream().filter(e -> e.getValue().equals(DemoNetwork.HOME)).toList());
        out.printf("Set-up (untimed): %,d orders of RJ1's requesters made in %.1f s%n", day.size(), (System.nanoTime() - started) / 1e9);
        int errors = level(WARM_UP, 1, false);
        for (int k : connections) {
            errors += level(orders, k, true);
        }
        return errors;
    }

    private List<NetworkDay.DemoOrder> next(int count) {
        List<NetworkDay.DemoOrder> batch = day.subList(taken, taken + count);
        taken += count;
        return batch;
    }

    private int level(int orders, int connections, boolean timed) throws Exception {
        List<String> errors = new ArrayList<>();
        out.printf("%n%s%d orders of RJ1's requesters per phase, %d connection%s%n", timed ? "" : "Warm-up (not timed): ", orders,
                connections, connections == 1 ? "" : "s");

        // (1) Through the router to RJ1, up.
        Instant from = Instant.now();
        List<NetworkDay.DemoOrder> through = next(orders);
        Map<String, Instant> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        NetworkRun.Sent viaRouter = network.send(through, connections, sentAt);
        errors.addAll(answerErrors("through the router", viaRouter));
        Map<String, Long> states = awaitStates(from, List.of("FORWARDING"));
        Instant lastTaken = lastChange(from, "AT_HOME_LAB");
        errors.addAll(stateErrors("through the router", states, Map.of("AT_HOME_LAB", (long) orders)));
        List<Duration> toLab = new ArrayList<>();
        router.getBean(JdbcClient.class).sql("select placer_number, changed_at from router_order where received_at >= ? "
                        + "and state = 'AT_HOME_LAB'").param(Timestamp.from(from))
                .query((rs, n) -> {
                    Instant sent = sentAt.get(rs.getString(1));
                    if (sent != null) {
                        toLab.add(Duration.between(sent, rs.getTimestamp(2).toInstant()));
                    }
                    return null;
                }).list();

        // (2) Straight to RJ1.
        NetworkRun.Sent direct = network.sendTo(homeLabPort, next(orders), connections);
        errors.addAll(answerErrors("straight to RJ1", direct));

        // (3) Through the router while RJ1 is down, then back.
        network.declareDown(DemoNetwork.HOME.ods(), "Benchmark: failover triage under load");
        Instant downFrom = Instant.now();
        NetworkRun.Sent triaged = network.send(next(orders), connections, new HashMap<>());
        errors.addAll(answerErrors("triage", triaged));
        Map<String, Long> failover = awaitStates(downFrom, List.of("ROUTING"));
        Instant lastRouted = lastChange(downFrom, "AT_PARTNER");
        long deferred = failover.getOrDefault("DEFERRED", 0L);
        long routed = failover.getOrDefault("AT_PARTNER", 0L);
        if (failover.getOrDefault("REFUSED", 0L) + failover.getOrDefault("HOME_LAB_REFUSED", 0L) > 0 || routed + deferred != orders) {
            errors.add("triage: expected every order at a partner or held, found " + failover);
        }
        Map<String, Long> byPartner = new TreeMap<>();
        router.getBean(JdbcClient.class).sql("select partner, count(*) from router_order where received_at >= ? and partner is not null "
                + "group by partner").param(Timestamp.from(downFrom)).query((rs, n) -> byPartner.put(rs.getString(1), rs.getLong(2))).list();
        Instant back = Instant.now();
        network.declareBack(DemoNetwork.HOME.ods(), MOST_PER_MINUTE);
        Map<String, Long> drained = awaitStates(downFrom, List.of("DEFERRED", "FORWARDING"));
        Instant lastDrained = lastChange(downFrom, "AT_HOME_LAB");
        if (drained.getOrDefault("AT_HOME_LAB", 0L) != deferred) {
            errors.add("drain: expected the " + deferred + " held orders at RJ1, found " + drained);
        }

        out.printf("  errors: %d%n", errors.size());
        errors.stream().limit(10).forEach(e -> out.println("    " + e));
        if (!errors.isEmpty()) {
            out.println("  no speed figures: every order must be acknowledged AA and end where it should");
            return errors.size();
        }
        if (!timed) {
            return 0;
        }
        out.printf("  through the router to RJ1 (up): %s; passed through to RJ1 (its AA recorded at the router): %d in %.2f s = %.0f/s%n",
                rate(viaRouter), orders, seconds(from, lastTaken), orders / seconds(from, lastTaken));
        percentiles("    router's ACK (order recorded and sealed, before passing on)", viaRouter.ackTimes());
        percentiles("    sent -> taken by RJ1 (the router passes it on and records RJ1's AA)", toLab);
        out.printf("  straight to RJ1: %s%n", rate(direct));
        percentiles("    RJ1's ACK (order filed at the lab)", direct.ackTimes());
        out.printf("  added by the router: ACK p50 %+.1f ms; until the lab has the order p50 %+.1f ms (vs RJ1's own ACK)%n",
                ms(viaRouter.ackTimes(), 0.5) - ms(direct.ackTimes(), 0.5), ms(toLab, 0.5) - ms(direct.ackTimes(), 0.5));
        out.printf("  failover, RJ1 down: triaged in the ACK %s; fates %s%n", rate(triaged), triaged.byFate());
        percentiles("    router's ACK with the order's fate (triage by the routing policy)", triaged.ackTimes());
        out.printf("    routed %d %s, taken by the partners in %.2f s = %.0f/s; held %d%n", routed, byPartner,
                seconds(downFrom, lastRouted), routed / seconds(downFrom, lastRouted), deferred);
        out.printf("    back: %d held orders drained into RJ1 (%d a minute allowed) in %.2f s%n", deferred, MOST_PER_MINUTE,
                seconds(back, lastDrained));
        return 0;
    }

    private static String rate(NetworkRun.Sent s) {
        return "%d acknowledged in %.2f s = %.0f/s".formatted(s.orders(), s.took().toNanos() / 1e9, s.orders() / (s.took().toNanos() / 1e9));
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(1, Duration.between(from, to == null ? from : to).toMillis()) / 1e3;
    }

    private void percentiles(String label, List<Duration> times) {
        out.printf("  %-78s p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n", label + ":", ms(times, 0.5), ms(times, 0.95),
                ms(times, 0.99), ms(times, 1.0));
    }

    private static double ms(List<Duration> times, double quantile) {
        long[] micros = times.stream().mapToLong(d -> d.toNanos() / 1000).sorted().toArray();
        if (micros.length == 0) {
            return Double.NaN;
        }
        return micros[Math.min(micros.length - 1, (int) (micros.length * quantile))] / 1e3;
    }

    private static List<String> answerErrors(String phase, NetworkRun.Sent sent) {
        List<String> errors = new ArrayList<>();
        sent.byAnswer().forEach((code, n) -> {
            if (!code.equals("AA")) {
                errors.add(phase + ": " + n + " answered " + code);
            }
        });
        sent.problems().stream().limit(5).forEach(p -> errors.add(phase + ": " + p));
        return errors;
    }

    private static List<String> stateErrors(String phase, Map<String, Long> states, Map<String, Long> expected) {
        return states.equals(expected) ? List.of() : List.of(phase + ": expected " + expected + ", found " + states);
    }

    /** RJ1's orders received since {@code from}, by state, once none is in {@code passing} (or at the give-up). */
    private Map<String, Long> awaitStates(Instant from, List<String> passing) throws InterruptedException {
        Instant deadline = Instant.now().plus(giveUp);
        while (true) {
            Map<String, Long> states = new TreeMap<>();
            router.getBean(JdbcClient.class).sql("select state, count(*) from router_order where home_lab = ? and received_at >= ? "
                    + "group by state").params(DemoNetwork.HOME.ods(), Timestamp.from(from))
                    .query((rs, n) -> states.put(rs.getString(1), rs.getLong(2))).list();
            if (passing.stream().noneMatch(states::containsKey) || Instant.now().isAfter(deadline)) {
                return states;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private Instant lastChange(Instant from, String state) {
        Timestamp last = router.getBean(JdbcClient.class).sql("select max(changed_at) from router_order where home_lab = ? "
                + "and received_at >= ? and state = ?").params(DemoNetwork.HOME.ods(), Timestamp.from(from), state)
                .query(Timestamp.class).single();
        return last == null ? null : last.toInstant();
    }
}
