package org.pathguard.keys;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The record of the lab's key rotations: each one an event, and what the posture reads of them. */
@Service
public class KeyRotations {

    /** The newest rotation of one keyset. */
    public record Rotation(String keyset, String newKeyId, String operator, Instant at) {
    }

    private final EventLog log;
    private final JdbcClient db;

    KeyRotations(EventLog log, JdbcClient db) {
        this.log = log;
        this.db = db;
    }

    /**
     * Records a rotation the key command has just made on the key directory. PathGuard itself is the log's actor (the
     * server is stopped; nobody is signed in); the operator who ran the command is in the event.
     */
    public void recordRotation(KeyRotated rotated) {
        log.append(Actor.SYSTEM.logName(), NewEvent.of("keys", rotated));
    }

    /** The newest rotation of each keyset that has been rotated at all. */
    public List<Rotation> latest() {
        return db.sql("""
                        select distinct on (keyset) keyset, new_key_id, operator, rotated_at
                        from key_rotation order by keyset, rotated_at desc, sequence desc""")
                .query((rs, n) -> new Rotation(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    /** The newest key id recorded for one keyset (DATA, INDEX, CHECKPOINT, MASTER); empty if never rotated. */
    public Optional<String> latestKeyId(String keyset) {
        return db.sql("select new_key_id from key_rotation where keyset = ? order by sequence desc limit 1")
                .param(keyset).query(String.class).optional();
    }

    /**
     * When the lab recorded its first event: a keyset never rotated is at least this old (the keys are made on the first
     * start, just before it); empty for a lab that has recorded nothing yet.
     */
    public Optional<Instant> firstEventAt() {
        return db.sql("select recorded_at from event_log where seq = (select min(seq) from event_log)")
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
