package org.pathguard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Runs operations on N concurrent workers and reports throughput and latency. Each worker gets its
 * own operation from the supplier (its own connection, say); an operation answers whether it succeeded.
 */
final class Load {

    record Figures(int operations, int errors, double seconds, long[] sortedLatencies) {

        double perSecond() {
            return operations / seconds;
        }

        double millis(double quantile) {
            return sortedLatencies[Math.min(sortedLatencies.length - 1, (int) (sortedLatencies.length * quantile))] / 1e6;
        }

        void print(PrintStream out, String label, int unitsPerOperation, String units) {
            out.printf("%s: %,d in %.2f s = %,.0f/s (%,.0f %s/s); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; errors %d%n",
                    label, operations, seconds, perSecond(), perSecond() * unitsPerOperation, units,
                    millis(0.5), millis(0.99), sortedLatencies[sortedLatencies.length - 1] / 1e6, errors);
        }
    }

    private Load() {
    }

    static Figures run(int workers, int operations, Supplier<IntPredicate> worker) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[operations];
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    IntPredicate operation = worker.get();
                    for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        if (!operation.test(i)) {
                            errors.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        return new Figures(operations, errors.get(), seconds, latencies);
    }
}
