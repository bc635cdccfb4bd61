package org.pathguard.eventlog;

import java.time.Instant;

/**
 * An event as committed to the log, with its decrypted payload. When it comes straight from an
 * append, {@code decoded} is the record that was appended, handed to projections asking for that
 * type without decoding it again; on replay it is null and the payload is decoded.
 */
public record RecordedEvent(long sequence, String streamId, String type, Instant recordedAt, String actor,
                            byte[] payload, Record decoded) {

    public <T extends Record> T payloadAs(Class<T> type) {
        return type.isInstance(decoded) ? type.cast(decoded) : EventCodec.decode(payload, type);
    }
}
