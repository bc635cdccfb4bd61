package org.pathguard.eventlog;

import org.pathguard.crypto.FieldCipher;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;

/**
 * An event exactly as stored: its payload still sealed. This is what backups carry and restores
 * load, so a backup never holds a decrypted byte.
 */
public record SealedEvent(long sequence, String streamId, String type, Instant recordedAt, String actor,
                          byte[] ciphertext, byte[] previousHash, byte[] hash) {

    static SealedEvent from(ResultSet rs) throws SQLException {
        return new SealedEvent(rs.getLong("seq"), rs.getString("stream_id"), rs.getString("event_type"),
                rs.getTimestamp("recorded_at").toInstant(), rs.getString("actor"), rs.getBytes("payload"),
                rs.getBytes("prev_hash"), rs.getBytes("hash"));
    }

    /** The first event's previous hash: the chain starts from zeros. */
    public static byte[] genesis() {
        return ChainHash.GENESIS.clone();
    }

    /** True when the stored hash is the hash of the stored fields (nothing was edited in place). */
    public boolean hashMatchesFields() {
        return Arrays.equals(hash, ChainHash.of(previousHash, sequence, streamId, type, recordedAt, actor, ciphertext));
    }

    /** The event with its payload decrypted; fails if the payload was altered or moved. */
    RecordedEvent open(FieldCipher cipher) {
        byte[] payload = cipher.open(ciphertext, ChainHash.associatedData(sequence, streamId, type));
        return new RecordedEvent(sequence, streamId, type, recordedAt, actor, payload, null);
    }
}
