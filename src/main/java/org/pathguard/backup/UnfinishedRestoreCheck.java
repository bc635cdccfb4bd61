package org.pathguard.backup;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;

/**
 * A lab does not start on a database whose restore began and never finished (ADR 0057): the restore loads the log and
 * the snapshot on two connections that commit one after the other, then replays, so a restore killed or failed after
 * its first commit leaves a log without all its projections. Checked once every bean is made, before the server
 * listens, by every command (serve, verify, rebuild, restore itself).
 */
@Component
class UnfinishedRestoreCheck implements SmartInitializingSingleton {

    private final JdbcTemplate jdbc;

    UnfinishedRestoreCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> unfinished = jdbc.query("select started_at, repository from restore_run where finished_at is null",
                (row, n) -> row.getObject(1, Timestamp.class).toInstant() + " from " + row.getString(2));
        if (!unfinished.isEmpty()) {
            throw new IllegalStateException("REFUSED to start: this database holds a restore that began at " + unfinished.getFirst()
                    + " and did not finish, so its projections may not match its log. Restore again into a new, empty database"
                    + " (./pathguard restore --from REPOSITORY with another --data-dir or --db-url), then remove this one.");
        }
    }
}
