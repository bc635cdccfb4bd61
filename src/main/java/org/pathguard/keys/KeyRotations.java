package org.pathguard.keys;

import org.pathguard.access.Actor;
import org.pathguard.crypto.Keyring;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
     * Whether the projections' blind indexes were made with the keyring's primary index key: the newest index key the
     * lab has recorded (a rotation is recorded only once the rebuild that recomputes every index has committed), else
     * its first index key. A restore asks it of a snapshot; the lab asks it of itself when it starts.
     */
    public boolean indexedWithThePrimaryKey(Keyring keyring) {
        List<String> keyIds = keyring.keyIds(Keyring.Kind.INDEX);
        return latestKeyId(Keyring.Kind.INDEX.name()).orElse(keyIds.getFirst()).equals(primaryKeyId(keyring, Keyring.Kind.INDEX));
    }

    /**
     * After the whole log has been replayed into the projections (a rebuild, a restore), records as a rotation each of
     * {@code kinds}' primary key that the lab's record does not name yet: the projections are made under it now. A
     * rotation interrupted between the key file and its rebuild is recorded so by the rebuild that finishes it, and the
     * lab starts again. Returns what it recorded.
     */
    public List<KeyRotated> recordKeysTheProjectionsAreMadeWith(Keyring keyring, Set<Keyring.Kind> kinds, String operator, String note) {
        List<KeyRotated> recorded = new ArrayList<>();
        for (Keyring.Kind kind : kinds) {
            String primary = primaryKeyId(keyring, kind);
            if (!latestKeyId(kind.name()).orElse(keyring.keyIds(kind).getFirst()).equals(primary)) {
                KeyRotated rotated = new KeyRotated(kind.name(), primary, operator, note);
                recordRotation(rotated);
                recorded.add(rotated);
            }
        }
        return recorded;
    }

    private static String primaryKeyId(Keyring keyring, Keyring.Kind kind) {
        return keyring.summaries().stream().filter(s -> s.kind() == kind).findFirst().orElseThrow().primaryKeyId();
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
