package org.pathguard.eventlog;

/**
 * Where projections write, inside the appending (or replaying) transaction. Consecutive writes
 * with the same SQL reach PostgreSQL as one batch: the writer's round trips are its cost.
 */
public interface ProjectionWriter {

    /** Queues a write; it runs, in order, before any later write with different SQL. */
    void write(String sql, Object... parameters);

    /**
     * Queues the write of a row that nothing else in the transaction reads or changes (a history
     * row, say). Such writes run batched after the other writes of the transaction's projections, so
     * they never split a run of identical statements; they must not depend on a later write.
     */
    void writeAtEnd(String sql, Object... parameters);

    /**
     * As {@link #writeAtEnd}, for a write that changes nothing when repeated with the same parameters (an update
     * guarded by {@code is null}, say): the repeats queued in one transaction run once. Ten results of one test
     * then cost one statement, not ten.
     */
    void writeOnceAtEnd(String sql, Object... parameters);

    /** Runs everything queued, then this write, and returns how many rows it changed. */
    int writeNow(String sql, Object... parameters);
}
