package org.pathguard.eventlog;

/**
 * Where projections write, inside the appending (or replaying) transaction. Consecutive writes
 * with the same SQL reach PostgreSQL as one batch: the writer's round trips are its cost.
 */
public interface ProjectionWriter {

    /** Queues a write; it runs, in order, before any later write with different SQL. */
    void write(String sql, Object... parameters);

    /** Runs everything queued, then this write, and returns how many rows it changed. */
    int writeNow(String sql, Object... parameters);
}
