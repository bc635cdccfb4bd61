package org.pathguard.eventlog;

import org.pathguard.crypto.FieldCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The system of record: an append-only, hash-chained, encrypted log with one writer.
 * Concurrent appends are grouped into one transaction (group commit); projections are updated in
 * that transaction, and each caller returns only after the commit.
 */
public final class EventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    private static final int MAX_APPENDS_PER_COMMIT = 512;
    private static final int REPLAY_BATCH = 500;
    private static final int REPLAY_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    // Any fixed number: one writer per database, enforced with a session-level advisory lock.
    private static final long WRITER_LOCK_KEY = 0x5041_5448_4755_4152L;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FieldCipher cipher;
    private final InstantSource clock;
    private final List<Projection> projections;
    private final Map<String, List<Projection>> projectionsByType = new HashMap<>();
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private Connection writerLock;
    private Thread writer;
    private boolean open = true;
    private volatile Head head;

    private record Append(String actor, List<NewEvent> events, CompletableFuture<List<RecordedEvent>> done) {
    }

    private static final Append CLOSING = new Append("", List.of(), new CompletableFuture<>());

    private record Head(long sequence, byte[] hash) {
    }

    /** The commit failed in a way that may or may not have stored the group: never retried, to never duplicate. */
    private static final class UnknownOutcome extends IllegalStateException {
        UnknownOutcome(Throwable cause) {
            super("The event log could not confirm this append; check whether it was recorded before retrying", cause);
        }
    }

    /** The group was refused before COMMIT (rolled back): safe to retry, and to split if one append is at fault. */
    private static final class Refused extends RuntimeException {
        Refused(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }

        /** A constraint or a projection's own check, not the database being unreachable. */
        boolean oneAppendsFault() {
            return getCause() instanceof DataIntegrityViolationException || !(getCause() instanceof DataAccessException);
        }
    }

    private record Sealed(RecordedEvent event, SealedEvent stored) {
    }

    public EventLog(DataSource dataSource, TransactionTemplate transactions, FieldCipher cipher,
                    List<Projection> projections, InstantSource clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = transactions;
        this.cipher = cipher;
        this.projections = List.copyOf(projections);
        for (Projection p : projections) {
            for (String type : p.eventTypes()) {
                projectionsByType.computeIfAbsent(type, t -> new ArrayList<>()).add(p);
            }
        }
    }

    /**
     * The writer starts on first need, so read-only uses (verify, queries) never take the lock that
     * keeps a second writer off the database.
     */
    private synchronized void startWriter() {
        if (!open) {
            throw new IllegalStateException("The event log is closed");
        }
        if (writer == null) {
            writerLock = acquireWriterLock();
            head = readHead();
            writer = Thread.ofPlatform().name("event-log-writer").daemon().start(this::writeLoop);
        }
    }

    /** Appends the events atomically and returns them once durably committed. */
    public List<RecordedEvent> append(String actor, List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Append append = new Append(actor, List.copyOf(events), new CompletableFuture<>());
        enqueue(append);
        try {
            return append.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (queue.remove(append)) {
                throw new IllegalStateException("Interrupted before the event log took the append; nothing was recorded", e);
            }
            throw new UnknownOutcome(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public List<RecordedEvent> append(String actor, NewEvent... events) {
        return append(actor, Arrays.asList(events));
    }

    /** Under the same monitor as {@link #close}, so nothing is queued behind the closing marker. */
    private synchronized void enqueue(Append append) {
        if (!open) {
            throw new IllegalStateException("The event log is closed");
        }
        startWriter();
        queue.add(append);
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>();
        boolean closing = false;
        while (!closing) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, MAX_APPENDS_PER_COMMIT - 1);
            // Appends queued before the closing marker are still committed; the marker ends the loop.
            closing = batch.remove(CLOSING);
            if (batch.isEmpty()) {
                continue;
            }
            writing.lock();
            try {
                holdWriterLock();
                commitGroup(batch);
            } catch (Throwable unexpected) {
                // Never leave a caller waiting, and keep the writer alive for the next group.
                batch.forEach(a -> a.done().completeExceptionally(unexpected));
                log.error("Event-log writer failed a group: {}", unexpected.getClass().getName());
            } finally {
                writing.unlock();
                batch.clear();
            }
        }
    }

    private void commitGroup(List<Append> batch) {
        try {
            List<List<RecordedEvent>> committed = commit(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(committed.get(i));
            }
        } catch (Refused refused) {
            if (batch.size() == 1 || !refused.oneAppendsFault()) {
                batch.forEach(a -> a.done().completeExceptionally(refused.getCause()));
                return;
            }
            // One append broke the group (a uniqueness race, a lost state transition): the others go alone.
            for (Append append : batch) {
                try {
                    append.done().complete(commit(List.of(append)).getFirst());
                } catch (Refused failure) {
                    append.done().completeExceptionally(failure.getCause());
                } catch (RuntimeException failure) {
                    append.done().completeExceptionally(failure);
                }
            }
        } catch (RuntimeException groupFailure) {
            batch.forEach(a -> a.done().completeExceptionally(groupFailure));
        }
    }

    private List<List<RecordedEvent>> commit(List<Append> batch) {
        if (head == null) {
            head = readHead();
        }
        Head start = head;
        List<List<RecordedEvent>> perAppend = new ArrayList<>(batch.size());
        List<Sealed> sealed = new ArrayList<>();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long sequence = start.sequence();
        byte[] previous = start.hash();
        for (Append append : batch) {
            List<RecordedEvent> recorded = new ArrayList<>(append.events().size());
            for (NewEvent e : append.events()) {
                sequence++;
                byte[] ciphertext = cipher.seal(e.payload(), ChainHash.associatedData(sequence, e.streamId(), e.type()));
                byte[] hash = ChainHash.of(previous, sequence, e.streamId(), e.type(), now, append.actor(), ciphertext);
                RecordedEvent event = new RecordedEvent(sequence, e.streamId(), e.type(), now, append.actor(), e.payload(), e.decoded());
                sealed.add(new Sealed(event, new SealedEvent(sequence, e.streamId(), e.type(), now, append.actor(),
                        ciphertext, previous, hash)));
                recorded.add(event);
                previous = hash;
            }
            perAppend.add(recorded);
        }
        Head end = new Head(sequence, previous);
        try {
            insertAndProject(sealed);
        } catch (Refused | CannotCreateTransactionException notCommitted) {
            throw notCommitted;
        } catch (RuntimeException commitFailure) {
            // The commit may have reached the database before the failure reached us: only a stored
            // head equal to this group's end proves it did; anything else leaves the outcome unknown.
            head = null;
            try {
                head = readHead();
            } catch (RuntimeException unreachable) {
                throw new UnknownOutcome(commitFailure);
            }
            if (Arrays.equals(head.hash(), end.hash())) {
                return perAppend;
            }
            throw new UnknownOutcome(commitFailure);
        }
        head = end;
        return perAppend;
    }

    private void insertAndProject(List<Sealed> sealed) {
        transactions.executeWithoutResult(status -> {
            try {
                insertAndProjectInTransaction(sealed);
            } catch (RuntimeException refused) {
                // Thrown before COMMIT: the transaction rolls back, so nothing of the group is stored.
                throw new Refused(refused);
            }
        });
    }

    private void insertAndProjectInTransaction(List<Sealed> sealed) {
        insertRows(sealed.stream().map(Sealed::stored).toList());
        try (BatchingWriter writer = new BatchingWriter(DataSourceUtils.getConnection(dataSource))) {
            for (Sealed s : sealed) {
                project(s.event(), writer);
            }
            writer.finish();
        }
    }

    private void project(RecordedEvent event, ProjectionWriter writer) {
        for (Projection p : projectionsByType.getOrDefault(event.type(), List.of())) {
            p.apply(event, writer);
        }
    }

    /** Recomputes the hash chain and authenticates every payload, stopping at the first bad event. */
    public ChainVerification verify() {
        Head[] last = {new Head(0, ChainHash.GENESIS)};
        ChainVerification[] failure = {null};
        streamStored(row -> {
            if (failure[0] != null) {
                return;
            }
            long expected = last[0].sequence() + 1;
            String problem = null;
            if (row.sequence() != expected) {
                problem = "sequence " + expected + " is missing";
            } else if (!Arrays.equals(row.previousHash(), last[0].hash())) {
                problem = "its previous hash does not match the hash of sequence " + last[0].sequence();
            } else if (!row.hashMatchesFields()) {
                problem = "its stored fields do not match its hash";
            } else {
                try {
                    row.open(cipher);
                } catch (RuntimeException e) {
                    problem = "its payload does not authenticate";
                }
            }
            if (problem != null) {
                failure[0] = ChainVerification.broken(last[0].sequence(), expected, problem);
            } else {
                last[0] = new Head(row.sequence(), row.hash());
            }
        });
        return failure[0] != null ? failure[0] : ChainVerification.ok(last[0].sequence(), last[0].hash());
    }

    /** Empties every projection and replays the whole log into them, in one transaction. */
    public long rebuild() {
        return rebuild(done -> {
        });
    }

    /** As {@link #rebuild()}, telling {@code progress} how many events are replayed every 10,000. */
    public long rebuild(LongConsumer progress) {
        return replay(true, 0, progress);
    }

    /**
     * Replays the events after {@code sequence} onto projections that already hold the state at
     * that sequence (loaded from a snapshot), in one transaction; returns how many were replayed.
     */
    public long replayAfter(long sequence, LongConsumer progress) {
        return replay(false, sequence, progress);
    }

    /** The tables of every projection: what a rebuild empties and a snapshot copies. */
    public List<String> projectionTables() {
        return projections.stream().flatMap(p -> p.tables().stream()).toList();
    }

    /**
     * Decrypting and projecting run on worker threads, batch by batch; their writes run on the
     * transaction in log order, so the outcome is the same as replaying one event at a time.
     */
    private long replay(boolean fromEmpty, long afterSequence, LongConsumer progress) {
        startWriter();
        writing.lock();
        try (ExecutorService workers = Executors.newFixedThreadPool(REPLAY_WORKERS, Thread.ofPlatform().name("replay-", 1).daemon().factory())) {
            long[] count = {0};
            transactions.executeWithoutResult(status -> {
                if (fromEmpty) {
                    // One TRUNCATE naming every projection table, so foreign keys between them do not matter.
                    jdbc.execute("truncate table " + String.join(", ", projectionTables()));
                }
                try (BatchingWriter writer = new BatchingWriter(DataSourceUtils.getConnection(dataSource))) {
                    Deque<Future<List<RecordedWrites>>> inFlight = new ArrayDeque<>();
                    List<SealedEvent> batch = new ArrayList<>(REPLAY_BATCH);
                    Consumer<List<RecordedWrites>> apply = projected -> {
                        for (RecordedWrites writes : projected) {
                            writes.runOn(writer);
                            if (++count[0] % 10_000 == 0) {
                                progress.accept(count[0]);
                            }
                        }
                    };
                    sealedEvents(afterSequence, Long.MAX_VALUE, row -> {
                        batch.add(row);
                        if (batch.size() == REPLAY_BATCH) {
                            inFlight.add(workers.submit(projectAll(List.copyOf(batch))));
                            batch.clear();
                            while (inFlight.size() > 4 * REPLAY_WORKERS) {
                                apply.accept(done(inFlight.poll()));
                            }
                        }
                    });
                    inFlight.add(workers.submit(projectAll(List.copyOf(batch))));
                    while (!inFlight.isEmpty()) {
                        apply.accept(done(inFlight.poll()));
                    }
                    writer.finish();
                }
            });
            return count[0];
        } finally {
            writing.unlock();
        }
    }

    private Callable<List<RecordedWrites>> projectAll(List<SealedEvent> batch) {
        return () -> {
            List<RecordedWrites> projected = new ArrayList<>(batch.size());
            for (SealedEvent row : batch) {
                RecordedWrites writes = new RecordedWrites(row.sequence());
                project(row.open(cipher), writes);
                projected.add(writes);
            }
            return projected;
        };
    }

    private static List<RecordedWrites> done(Future<List<RecordedWrites>> projected) {
        try {
            return projected.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replaying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void streamStored(Consumer<SealedEvent> consumer) {
        sealedEvents(0, Long.MAX_VALUE, consumer);
    }

    /** The stored events after {@code afterSequence} up to {@code upToSequence}, in order, as stored. */
    public void sealedEvents(long afterSequence, long upToSequence, Consumer<SealedEvent> consumer) {
        // A cursor (fetch size inside a transaction) keeps memory flat however long the log is.
        transactions.executeWithoutResult(status -> cursor().query(
                "select * from event_log where seq > ? and seq <= ? order by seq",
                rs -> {
                    consumer.accept(SealedEvent.from(rs));
                }, afterSequence, upToSequence));
    }

    /**
     * The committed events after {@code afterSequence} up to {@code upToSequence}, in order, decrypted: for a reader
     * that recounts from the log itself rather than the projections (the sitrep's independent recount, an audit).
     */
    public void events(long afterSequence, long upToSequence, Consumer<RecordedEvent> consumer) {
        sealedEvents(afterSequence, upToSequence, sealed -> consumer.accept(sealed.open(cipher)));
    }

    /** The chain hashes of the events after {@code afterSequence} up to {@code upToSequence}, in order: the Merkle tree's leaves. */
    public void chainHashes(long afterSequence, long upToSequence, Consumer<byte[]> consumer) {
        transactions.executeWithoutResult(status -> cursor().query(
                "select hash from event_log where seq > ? and seq <= ? order by seq",
                rs -> {
                    consumer.accept(rs.getBytes(1));
                }, afterSequence, upToSequence));
    }

    private JdbcTemplate cursor() {
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(2000);
        return cursor;
    }

    /** The sequence of the last committed event (0 for an empty log). */
    public long lastSequence() {
        return readHead().sequence();
    }

    /**
     * Loads events restored from a backup, already verified by the caller, onto the end of the log
     * inside the caller's transaction. Only a restore does this, onto an empty database.
     */
    public void insertSealed(List<SealedEvent> events) {
        startWriter();
        head = null;
        try {
            DataSourceUtils.getConnection(dataSource).unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy event_log (seq, stream_id, event_type, recorded_at, actor, payload, prev_hash, hash)
                    from stdin (format binary)""", new ByteArrayInputStream(BinaryCopy.rows(events)));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Loading restored events failed: " + e.getMessage(), e);
        }
    }

    private void insertRows(List<SealedEvent> events) {
        jdbc.batchUpdate("""
                insert into event_log (seq, stream_id, event_type, recorded_at, actor, payload, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", events, 1000, (ps, e) -> {
            ps.setLong(1, e.sequence());
            ps.setString(2, e.streamId());
            ps.setString(3, e.type());
            ps.setTimestamp(4, Timestamp.from(e.recordedAt()));
            ps.setString(5, e.actor());
            ps.setBytes(6, e.ciphertext());
            ps.setBytes(7, e.previousHash());
            ps.setBytes(8, e.hash());
        });
    }

    private Head readHead() {
        List<Head> heads = jdbc.query("select seq, hash from event_log order by seq desc limit 1",
                (rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)));
        return heads.isEmpty() ? new Head(0, ChainHash.GENESIS) : heads.getFirst();
    }

    /**
     * A session-level advisory lock lives as long as its session: if that session died, take the
     * lock again (refused if another writer has it) and re-read the head it may have moved.
     */
    private void holdWriterLock() throws SQLException {
        if (writerLock.isValid(2)) {
            return;
        }
        log.warn("The event-log writer lost its database session; taking the writer lock again");
        try {
            writerLock.close();
        } catch (SQLException alreadyBroken) {
            // The session is gone; closing only returns the broken connection to the pool.
        }
        writerLock = acquireWriterLock();
        head = null;
    }

    private Connection acquireWriterLock() {
        try {
            Connection connection = dataSource.getConnection();
            try (var statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, WRITER_LOCK_KEY);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        connection.close();
                        throw new IllegalStateException("Another PathGuard process is writing to this database; "
                                + "stop it before running this command");
                    }
                }
            }
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to take the event-log writer lock", e);
        }
    }

    @Override
    public synchronized void close() {
        if (!open) {
            return;
        }
        open = false;
        if (writer == null) {
            return;
        }
        queue.add(CLOSING);
        try {
            writer.join(10_000);
            if (writer.isAlive()) {
                // Still committing: keep the lock, so no other writer starts under it; the process exit frees it.
                log.warn("Event-log writer still busy after 10 s; keeping the writer lock until exit");
                return;
            }
            writerLock.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("Closing the writer-lock connection failed: {}", e.getMessage());
        }
    }
}
