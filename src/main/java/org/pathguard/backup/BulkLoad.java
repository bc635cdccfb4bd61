package org.pathguard.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A bulk load into empty tables, as pg_restore does it: their keys, foreign keys and indexes are
 * dropped first and made again after the rows are in (one sort per index instead of one insertion
 * per row, one check per foreign key instead of one per row). Inside the restore's transaction, so
 * a key or reference the rows break fails the restore and nothing is kept.
 */
final class BulkLoad {

    private final List<String> keys = new ArrayList<>();
    private final List<String> indexes = new ArrayList<>();
    private final List<String> references = new ArrayList<>();

    private BulkLoad() {
    }

    static BulkLoad prepare(Connection connection, List<String> tables) throws SQLException {
        BulkLoad load = new BulkLoad();
        String names = String.join(",", tables);
        List<String> dropReferences = new ArrayList<>();
        List<String> dropKeys = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            // Foreign keys from or to these tables, then their primary and unique keys.
            try (ResultSet constraints = statement.executeQuery("""
                    select conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) from pg_constraint
                    where contype in ('p', 'u', 'f') and (conrelid::regclass::text = any(string_to_array('%s', ','))
                       or confrelid::regclass::text = any(string_to_array('%1$s', ',')))""".formatted(names))) {
                while (constraints.next()) {
                    String table = constraints.getString(1);
                    String drop = "alter table " + table + " drop constraint " + constraints.getString(2);
                    String add = "alter table " + table + " add constraint " + constraints.getString(2) + " " + constraints.getString(4);
                    if (constraints.getString(3).equals("f")) {
                        dropReferences.add(drop);
                        load.references.add(add);
                    } else {
                        dropKeys.add(drop);
                        load.keys.add(add);
                    }
                }
            }
            for (String drop : dropReferences) {
                statement.execute(drop);
            }
            for (String drop : dropKeys) {
                statement.execute(drop);
            }
            try (ResultSet remaining = statement.executeQuery("""
                    select indexname, indexdef from pg_indexes
                    where schemaname = current_schema() and tablename = any(string_to_array('%s', ','))""".formatted(names))) {
                while (remaining.next()) {
                    load.indexes.add(remaining.getString(2));
                    statement.addBatch("drop index " + remaining.getString(1));
                }
            }
            statement.executeBatch();
        }
        return load;
    }

    /** Makes the keys, indexes and foreign keys again, in that order; fails if the loaded rows break one. */
    void finish(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Index builds sort in memory up to this much, spilling to disk beyond it.
            statement.execute("set local maintenance_work_mem = '256MB'");
            for (List<String> step : List.of(keys, indexes, references)) {
                for (String sql : step) {
                    statement.execute(sql);
                }
            }
        }
    }
}
