package org.pathguard.eventlog;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * What an attacker with the database's superuser can do to the log: switch off the append-only
 * trigger, change an old event and recompute every later hash, so the chain verifies again.
 */
public final class HistoryRewrite {

    private HistoryRewrite() {
    }

    public static void changeActor(JdbcTemplate db, long sequence, String actor) {
        db.execute("alter table event_log disable trigger event_log_no_update_or_delete");
        List<SealedEvent> rows = db.query("select * from event_log where seq >= ? order by seq", (rs, n) -> SealedEvent.from(rs), sequence);
        byte[] previous = rows.getFirst().previousHash();
        for (SealedEvent row : rows) {
            String who = row.sequence() == sequence ? actor : row.actor();
            byte[] hash = ChainHash.of(previous, row.sequence(), row.streamId(), row.type(), row.recordedAt(), who, row.ciphertext());
            db.update("update event_log set actor = ?, prev_hash = ?, hash = ? where seq = ?", who, previous, hash, row.sequence());
            previous = hash;
        }
        db.execute("alter table event_log enable trigger event_log_no_update_or_delete");
    }
}
