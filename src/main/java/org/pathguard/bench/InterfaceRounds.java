package org.pathguard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Rounds of interface load ({@code bench hl7}, {@code bench fhir}), one side after the other for each connection count
 * (baseline, current, baseline, current...), each round on a server of its own from that side's build, the same load
 * generator (this code) for every side. The report comes after the last round: errors first, every one with its
 * reason; then each round's speed, each side's median and the ratio of the last side to the first. A round with any
 * error, set-up included, has no speed.
 */
public final class InterfaceRounds {

    /** Which load: ORU^R01 results over MLLP, or FHIR transaction Bundles over HTTP. */
    public enum Kind { HL7, FHIR }

    /** A server a round's load goes to, for the length of the round. */
    public interface Lease extends AutoCloseable {
        InterfaceBenchmark.Target target();

        @Override
        void close() throws InterruptedException;
    }

    /** How a side has a server for each round: one started fresh from its build, or one already running. */
    @FunctionalInterface
    public interface Servers extends AutoCloseable {
        Lease open() throws Exception;

        /** Removes what the side made ready for its servers, after the last round. */
        @Override
        default void close() {
        }
    }

    /** A build (or a running server) the load is measured on. */
    public record Side(String name, Servers servers) {

        /** A server started for every round from {@code build} on a copy of a data directory made ready once, stopped and deleted after it. */
        public static Side started(Build build, ServerProcess.Needs needs) {
            return new Side(build.name(), new Servers() {
                private ServerProcess.Prepared prepared;

                @Override
                public Lease open() throws Exception {
                    if (prepared == null) {
                        prepared = ServerProcess.prepare(build, needs);
                    }
                    ServerProcess server = prepared.start();
                    return new Lease() {
                        @Override
                        public InterfaceBenchmark.Target target() {
                            return server.target();
                        }

                        @Override
                        public void close() throws InterruptedException {
                            server.close();
                        }
                    };
                }

                @Override
                public void close() {
                    if (prepared != null) {
                        prepared.close();
                    }
                }
            });
        }

        /** A server someone else runs: every round goes to it, and nothing is stopped. */
        public static Side running(InterfaceBenchmark.Target target) {
            return new Side("the server at " + target.host(), () -> new Lease() {
                @Override
                public InterfaceBenchmark.Target target() {
                    return target;
                }

                @Override
                public void close() {
                    // not ours to stop
                }
            });
        }
    }

    private record Measured(Side side, int connections, int round, InterfaceBenchmark.Round result) {
    }

    private final Kind kind;
    private final PrintStream out;

    public InterfaceRounds(Kind kind, PrintStream out) {
        this.kind = kind;
        this.out = out;
    }

    /** Runs every round and prints the report; 0 when no operation of any round failed, else 1. */
    public int run(List<Side> sides, int[] connectionCounts, int messages, int rounds) throws Exception {
        try {
            return report(sides, connectionCounts, measure(sides, connectionCounts, messages, rounds));
        } finally {
            for (Side side : sides) {
                side.servers().close();
            }
        }
    }

    private List<Measured> measure(List<Side> sides, int[] connectionCounts, int messages, int rounds) throws Exception {
        List<Measured> all = new ArrayList<>();
        for (int connections : connectionCounts) {
            for (int round = 1; round <= rounds; round++) {
                for (Side side : sides) {
                    long started = System.nanoTime();
                    InterfaceBenchmark.Round result;
                    try (Lease server = side.servers().open()) {
                        double startUp = (System.nanoTime() - started) / 1e9;
                        InterfaceBenchmark load = new InterfaceBenchmark(server.target());
                        result = kind == Kind.HL7 ? load.hl7(connections, messages) : load.fhir(connections, messages);
                        out.printf("round %d of %d, %s, %s: server up in %.1f s; %,d %s sent, %s%n", round, rounds, connections(connections),
                                side.name(), startUp, messages, kind == Kind.HL7 ? "results messages" : "Bundles",
                                result.errors() == 0 ? "no errors" : result.errors() + " errors");
                    }
                    all.add(new Measured(side, connections, round, result));
                }
            }
        }
        return all;
    }

    private int report(List<Side> sides, int[] connectionCounts, List<Measured> all) {
        int errors = all.stream().mapToInt(m -> m.result().errors()).sum();
        out.println();
        out.printf("errors: %,d%n", errors);
        for (Measured m : all) {
            for (InterfaceBenchmark.Step step : m.result().steps()) {
                step.figures().printErrors(out, "  round %d, %s, %s, %s%s".formatted(m.round(), connections(m.connections()),
                        m.side().name(), step.setUp() ? "set-up: " : "", step.what()));
            }
        }
        out.println();
        out.println(kind == Kind.HL7
                ? "ORU^R01 (10 OBX each) acknowledged per second, and ACK latency p50 / p99 (ms), per round:"
                : "FHIR transaction Bundles (an order each) answered per second, and latency p50 / p99 (ms), per round:");
        for (int connections : connectionCounts) {
            out.println("  " + connections(connections));
            List<OptionalDouble> medians = new ArrayList<>();
            for (Side side : sides) {
                List<InterfaceBenchmark.Round> rounds = all.stream().filter(m -> m.side() == side && m.connections() == connections)
                        .map(Measured::result).toList();
                StringBuilder line = new StringBuilder("    %-36s".formatted(side.name() + ":"));
                for (InterfaceBenchmark.Round round : rounds) {
                    Load.Figures f = round.measured().figures();
                    line.append(round.errors() == 0
                            ? String.format(Locale.ROOT, "  %,7.0f/s %5.1f / %5.1f", f.perSecond(), f.millis(0.5), f.millis(0.99))
                            : "  not measured: %,d errors".formatted(round.errors()));
                }
                OptionalDouble median = median(rounds);
                medians.add(median);
                line.append(median.isPresent() ? String.format(Locale.ROOT, "   median %,.0f/s", median.getAsDouble()) : "   no median");
                out.println(line);
            }
            if (sides.size() > 1) {
                OptionalDouble first = medians.getFirst();
                OptionalDouble last = medians.getLast();
                out.println(first.isPresent() && last.isPresent()
                        ? String.format(Locale.ROOT, "    %s / %s: %.2f", sides.getLast().name(), sides.getFirst().name(),
                        last.getAsDouble() / first.getAsDouble())
                        : "    no ratio: a side has rounds with errors");
            }
        }
        return errors == 0 ? 0 : 1;
    }

    /** The median of the rounds' speeds; none when any round had errors, in its set-up or its measured step. */
    private static OptionalDouble median(List<InterfaceBenchmark.Round> rounds) {
        if (rounds.isEmpty() || rounds.stream().anyMatch(r -> r.errors() > 0)) {
            return OptionalDouble.empty();
        }
        double[] rates = rounds.stream().mapToDouble(r -> r.measured().figures().perSecond()).sorted().toArray();
        int n = rates.length;
        return OptionalDouble.of(n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2);
    }

    private static String connections(int n) {
        return n == 1 ? "1 connection" : n + " connections";
    }
}
