package org.pathguard.eventlog;

import org.junit.jupiter.api.Test;
import org.pathguard.LabServerTest;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProjectionWriter#writeOnceAtEnd}: repeats with the same parameters run once in a transaction, on the appending
 * writer and on a replay alike. The write counts its runs (not idempotent on purpose), so a repeat that ran would show.
 */
class ProjectionWriterTest extends LabServerTest {

    private static final String COUNT = "update touched set runs = runs + 1 where name = ?";

    @Autowired
    DataSource dataSource;

    @Test
    void repeatsOfAWriteMarkedOnceRunOnceWhenAppendedAndWhenReplayed() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("create temporary table touched (name text primary key, runs int not null) on commit drop");
            statement.execute("insert into touched values ('UE', 0), ('LFT', 0), ('FBC', 0)");
            try (BatchingWriter writer = new BatchingWriter(connection)) {
                for (int i = 0; i < 5; i++) {
                    writer.writeOnceAtEnd(COUNT, "UE");
                }
                writer.writeOnceAtEnd(COUNT, "LFT");
                RecordedWrites replayed = new RecordedWrites(1);
                replayed.writeOnceAtEnd(COUNT, "FBC");
                replayed.writeOnceAtEnd(COUNT, "FBC");
                replayed.runOn(writer);
                writer.finish();
            }
            Map<String, Integer> runs = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery("select name, runs from touched order by name")) {
                while (rows.next()) {
                    runs.put(rows.getString(1), rows.getInt(2));
                }
            }
            connection.rollback();
            assertThat(runs).containsExactly(Map.entry("FBC", 1), Map.entry("LFT", 1), Map.entry("UE", 1));
        }
    }
}
