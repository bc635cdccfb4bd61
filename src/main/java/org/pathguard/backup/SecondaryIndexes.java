package org.pathguard.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Indexes that back no constraint, dropped before a bulk load and built after it, as pg_restore
 * does: one sort per index instead of one insertion per row. Inside the restore's transaction.
 */
final class SecondaryIndexes {

    private SecondaryIndexes() {
    }

    /** Drops the tables' secondary indexes and returns their definitions, to build them again. */
    static List<String> drop(Connection connection, List<String> tables) throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet indexes = statement.executeQuery("""
                    select i.indexname, i.indexdef from pg_indexes i
                    where i.schemaname = current_schema() and i.tablename = any(string_to_array('%s', ','))
                      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.indexname))::regclass)"""
                    .formatted(String.join(",", tables)))) {
                while (indexes.next()) {
                    definitions.add(indexes.getString(2));
                    statement.addBatch("drop index " + indexes.getString(1));
                }
            }
            statement.executeBatch();
        }
        return definitions;
    }

    static void create(Connection connection, List<String> definitions) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Index builds sort in memory up to this much, spilling to disk beyond it.
            statement.execute("set local maintenance_work_mem = '256MB'");
            for (String definition : definitions) {
                statement.execute(definition);
            }
        }
    }
}
