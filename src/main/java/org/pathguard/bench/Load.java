package org.pathguard.bench;

import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs operations on N concurrent workers and reports throughput and latency. Each worker gets its
 * own operation from its opener (its own connection, say). An operation that throws failed: the
 * reason is recorded (a refusal's own words, a timeout, a refused connection), the worker opens a
 * fresh operation after anything but a refusal, and a round with any failure has no speed.
 */
final class Load {

    /** What a worker does with the operation of a given index; returns when it succeeded. */
    @FunctionalInterface
    interface Operation {
        void perform(int index) throws Exception;
    }

    /** Gives a worker its operation; called again after an operation broke (not after a refusal). */
    @FunctionalInterface
    interface Opener {
        Operation open() throws Exception;
    }

    /** The other side answered, and said no: an HTTP status, an HL7 AE or AR with its text. The connection is still good. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Failures by reason, most frequent first. */
    record Errors(Map<String, Integer> byReason) {

        Errors {
            byReason = Map.copyOf(byReason);
        }

        int count() {
            return byReason.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** One line per reason, the most frequent first; at most {@code lines} of them. */
        List<String> lines(int lines) {
            List<Map.Entry<String, Integer>> sorted = byReason.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .toList();
            List<String> out = new ArrayList<>();
            sorted.stream().limit(lines).forEach(e -> out.add("%,d x %s".formatted(e.getValue(), e.getKey())));
            if (sorted.size() > lines) {
                out.add("%,d more of %d other reasons".formatted(sorted.subList(lines, sorted.size()).stream()
                        .mapToInt(Map.Entry::getValue).sum(), sorted.size() - lines));
            }
            return out;
        }
    }

    /** A round's outcome: its speed and latencies are figures only when {@link #measured()}. */
    record Figures(int operations, Errors errors, double seconds, long[] sortedLatencies) {

        boolean measured() {
            return errors.count() == 0;
        }

        double perSecond() {
            return operations / seconds;
        }

        double millis(double quantile) {
            return sortedLatencies[Math.min(sortedLatencies.length - 1, (int) (sortedLatencies.length * quantile))] / 1e6;
        }

        /** Its errors, each reason on a line of its own under {@code label}; nothing when there were none. */
        void printErrors(PrintStream out, String label) {
            if (!measured()) {
                out.printf("%s: %,d errors of %,d%n", label, errors.count(), operations);
                errors.lines(8).forEach(line -> out.println("    " + line));
            }
        }

        /** The speed, or "not measured" when any operation failed: the speed of failures is no figure. */
        void print(PrintStream out, String label, int unitsPerOperation, String units) {
            if (!measured()) {
                out.printf("%s: not measured: %,d errors%n", label, errors.count());
                return;
            }
            out.printf("%s: %,d in %.2f s = %,.0f/s (%,.0f %s/s); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    label, operations, seconds, perSecond(), perSecond() * unitsPerOperation, units,
                    millis(0.5), millis(0.99), sortedLatencies[sortedLatencies.length - 1] / 1e6);
        }
    }

    private Load() {
    }

    static Figures run(int workers, int operations, Opener opener) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        long[] latencies = new long[operations];
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    Operation operation = null;
                    for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        try {
                            if (operation == null) {
                                operation = opener.open();
                            }
                            operation.perform(i);
                            latencies[i] = System.nanoTime() - t0;
                        } catch (Refused refused) {
                            failures.computeIfAbsent(refused.getMessage(), k -> new AtomicInteger()).incrementAndGet();
                            latencies[i] = -1;
                        } catch (Exception | AssertionError broken) {
                            failures.computeIfAbsent(reason(broken), k -> new AtomicInteger()).incrementAndGet();
                            latencies[i] = -1;
                            operation = null;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException impossible) {
                    throw new IllegalStateException(impossible.getCause());
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] succeeded = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        Map<String, Integer> byReason = new java.util.HashMap<>();
        failures.forEach((reason, count) -> byReason.put(reason, count.get()));
        return new Figures(operations, new Errors(byReason), seconds, succeeded.length == 0 ? new long[]{0} : succeeded);
    }

    /** Why an operation broke, in words that group alike failures together. */
    static String reason(Throwable broken) {
        Throwable cause = broken;
        while (cause.getCause() != null && !(cause instanceof java.io.IOException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName() + (message.length() > 160 ? message.substring(0, 160) + "..." : message);
    }
}
