package org.pathguard.eventlog;

import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Batches runs of identical statements on the transaction's connection; order is preserved. */
final class BatchingWriter implements ProjectionWriter, AutoCloseable {

    private static final int MAX_BATCH = 1000;
    private static final SQLStateSQLExceptionTranslator TRANSLATOR = new SQLStateSQLExceptionTranslator();

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private String pendingSql;
    private int pending;
    private final Map<String, List<Object[]>> atEnd = new java.util.LinkedHashMap<>();
    private final Map<String, java.util.Set<List<Object>>> queuedOnce = new HashMap<>();

    BatchingWriter(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void write(String sql, Object... parameters) {
        if (!sql.equals(pendingSql)) {
            flush();
        }
        try {
            PreparedStatement statement = prepared(sql, parameters);
            statement.addBatch();
            pendingSql = sql;
            if (++pending >= MAX_BATCH) {
                flush();
            }
        } catch (SQLException e) {
            throw translate(sql, e);
        }
    }

    @Override
    public void writeAtEnd(String sql, Object... parameters) {
        List<Object[]> rows = atEnd.computeIfAbsent(sql, k -> new java.util.ArrayList<>());
        rows.add(parameters.clone());
        if (rows.size() >= MAX_BATCH) {
            // A long replay would otherwise hold every history row in memory; what they depend on is written first.
            flush();
            runAtEnd(sql, atEnd.remove(sql));
            // Written already: a repeat after this point runs again, which changes nothing.
            queuedOnce.remove(sql);
        }
    }

    @Override
    public void writeOnceAtEnd(String sql, Object... parameters) {
        if (queuedOnce.computeIfAbsent(sql, k -> new java.util.HashSet<>()).add(java.util.Arrays.asList(parameters.clone()))) {
            writeAtEnd(sql, parameters);
        }
    }

    /** Runs every queued write, those kept for the end last. */
    void finish() {
        flush();
        for (Map.Entry<String, List<Object[]>> rows : atEnd.entrySet()) {
            runAtEnd(rows.getKey(), rows.getValue());
        }
        atEnd.clear();
        queuedOnce.clear();
    }

    private void runAtEnd(String sql, List<Object[]> rows) {
        try {
            for (Object[] row : rows) {
                prepared(sql, row).addBatch();
            }
            statements.get(sql).executeBatch();
        } catch (SQLException e) {
            throw translate(sql, e);
        }
    }

    @Override
    public int writeNow(String sql, Object... parameters) {
        flush();
        try {
            return prepared(sql, parameters).executeUpdate();
        } catch (SQLException e) {
            throw translate(sql, e);
        }
    }

    void flush() {
        if (pending == 0) {
            return;
        }
        String sql = pendingSql;
        pending = 0;
        pendingSql = null;
        try {
            statements.get(sql).executeBatch();
        } catch (SQLException e) {
            throw translate(sql, e);
        }
    }

    private PreparedStatement prepared(String sql, Object[] parameters) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, parameters[i]);
            }
        }
        return statement;
    }

    private static RuntimeException translate(String sql, SQLException e) {
        // A failed batch reports the statement's own error as the next exception.
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        RuntimeException translated = TRANSLATOR.translate("projection write", sql, cause);
        return translated != null ? translated : new UncategorizedSQLException("projection write", sql, cause);
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Closing the transaction's connection releases the statement anyway.
            }
        }
    }
}
