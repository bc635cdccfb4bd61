package org.pathguard.cli;

import org.pathguard.backup.RestoreProgress;

import java.io.PrintStream;

/** A one-line progress bar on the terminal for long restores: share done, rate and time to go. */
final class ProgressBar implements RestoreProgress {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private long total;
    private String items;
    private long started;
    private long lastDrawn;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void phase(String name, long events, String items) {
        this.items = items;
        if (started != 0) {
            out.println();
        }
        out.println(name);
        total = events;
        started = events == 0 ? 0 : System.nanoTime();
        lastDrawn = 0;
    }

    @Override
    public void done(long events) {
        if (total == 0) {
            return;
        }
        long now = System.nanoTime();
        if (events < total && now - lastDrawn < 200_000_000L) {
            return;
        }
        lastDrawn = now;
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        double rate = events / seconds;
        int filled = (int) (WIDTH * Math.min(events, total) / total);
        out.printf("\r  [%s%s] %3d%%  %,d / %,d %s  %,.0f/s  %s   ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * Math.min(events, total) / total, events, total, items, rate,
                events >= total ? "done in %.1f s".formatted(seconds) : "about %.0f s to go".formatted((total - events) / Math.max(rate, 1)));
        if (events >= total) {
            out.println();
            started = 0;
        }
    }
}
