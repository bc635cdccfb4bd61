package org.pathguard.backup;

import org.pathguard.audit.CheckpointKey;
import org.pathguard.audit.SignedNote;
import org.pathguard.writeonce.WriteOnceStore;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every projection table at one sequence, in PostgreSQL's binary COPY format (sealed columns stay
 * sealed), cut into content-addressed parts under a signed manifest. A restore loads the latest
 * snapshot and replays only the events after it, instead of replaying the whole log.
 */
record Snapshot(long sequence, String chainHash, List<Part> parts) {

    static final String FOLDER = "snapshots/";
    private static final String HEADER = "pathguard projection snapshot v1";
    private static final int PART_BYTES = 64 << 20;

    record Part(String table, String sha256) {
        String objectName() {
            return "snapshot-parts/" + sha256 + ".part";
        }
    }

    static String objectName(long sequence) {
        return FOLDER + "%012d.snapshot".formatted(sequence);
    }

    String body() {
        StringBuilder body = new StringBuilder(HEADER).append('\n')
                .append("sequence ").append(sequence).append('\n')
                .append("chain-hash ").append(chainHash).append('\n');
        parts.forEach(p -> body.append("part ").append(p.table()).append(' ').append(p.sha256()).append('\n'));
        return body.toString();
    }

    static Snapshot open(byte[] stored, String origin, CheckpointKey key) {
        SignedNote note = SignedNote.parse(new String(stored, StandardCharsets.UTF_8));
        if (!note.signedBy(origin, key)) {
            throw new IllegalArgumentException("it is not signed by the lab's checkpoint key " + key.fingerprint());
        }
        String[] lines = note.body().split("\n");
        if (lines.length < 3 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("it is not a PathGuard projection snapshot");
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            String[] fields = lines[i].split(" ");
            parts.add(new Part(fields[1], fields[2]));
        }
        return new Snapshot(Long.parseLong(lines[1].substring("sequence ".length())),
                lines[2].substring("chain-hash ".length()), parts);
    }

    /**
     * Copies the tables in one repeatable-read transaction, so every table shows the same moment:
     * the last event committed before it began.
     */
    static Snapshot take(DataSource dataSource, List<String> tables, WriteOnceStore store) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                long sequence;
                String chainHash;
                try (ResultSet head = connection.createStatement().executeQuery("select seq, hash from event_log order by seq desc limit 1")) {
                    if (!head.next()) {
                        throw new IllegalStateException("The log is empty: nothing to snapshot");
                    }
                    sequence = head.getLong(1);
                    chainHash = HexFormat.of().formatHex(head.getBytes(2));
                }
                List<Part> parts = new ArrayList<>();
                for (String table : tables) {
                    try (PartWriter out = new PartWriter(store, table, parts)) {
                        connection.unwrap(PGConnection.class).getCopyAPI().copyOut("copy " + table + " to stdout (format binary)", out);
                    }
                }
                return new Snapshot(sequence, chainHash, parts);
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * Loads the parts into empty tables on the given connection, in its transaction, checking each part's digest; the
     * restore commits it once the log beside it has passed every check.
     */
    void load(Connection connection, WriteOnceStore store) throws SQLException, IOException {
        BulkLoad bulk = BulkLoad.prepare(connection, parts.stream().map(Part::table).distinct().toList());
        Map<String, List<Part>> byTable = new LinkedHashMap<>();
        parts.forEach(p -> byTable.computeIfAbsent(p.table(), t -> new ArrayList<>()).add(p));
        for (Map.Entry<String, List<Part>> table : byTable.entrySet()) {
            List<InputStream> streams = new ArrayList<>();
            for (Part part : table.getValue()) {
                streams.add(new ByteArrayInputStream(checked(store, part)));
            }
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table.getKey() + " from stdin (format binary)",
                    new SequenceInputStream(Collections.enumeration(streams)));
        }
        bulk.finish(connection);
    }

    private static byte[] checked(WriteOnceStore store, Part part) {
        byte[] content = store.read(part.objectName()).orElseThrow(() -> new BackupRefused("The snapshot part "
                + part.objectName() + " (table " + part.table() + ") is missing from the repository"));
        if (!Segment.sha256(content).equals(part.sha256())) {
            throw new BackupRefused("The snapshot part " + part.objectName() + " (table " + part.table() + ") has been changed");
        }
        return content;
    }

    /** Cuts one table's COPY stream into parts of at most 64 MiB, each stored under its SHA-256. */
    private static final class PartWriter extends OutputStream {
        private final WriteOnceStore store;
        private final String table;
        private final List<Part> parts;
        private byte[] buffer = new byte[1 << 20];
        private int size;

        PartWriter(WriteOnceStore store, String table, List<Part> parts) {
            this.store = store;
            this.table = table;
            this.parts = parts;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                if (size == PART_BYTES) {
                    cut();
                }
                int n = Math.min(length, PART_BYTES - size);
                if (size + n > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(PART_BYTES, Math.max(buffer.length * 2, size + n)));
                }
                System.arraycopy(bytes, offset, buffer, size, n);
                size += n;
                offset += n;
                length -= n;
            }
        }

        private void cut() {
            byte[] part = Arrays.copyOf(buffer, size);
            String sha = Segment.sha256(part);
            Part p = new Part(table, sha);
            store.putOnce(p.objectName(), part);
            parts.add(p);
            size = 0;
        }

        @Override
        public void close() {
            if (size > 0 || parts.stream().noneMatch(p -> p.table().equals(table))) {
                cut();
            }
        }
    }
}
