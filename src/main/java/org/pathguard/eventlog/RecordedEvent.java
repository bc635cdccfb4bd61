package org.pathguard.eventlog;

import java.time.Instant;

/** An event as committed to the log, with its decrypted payload. */
public record RecordedEvent(long sequence, String streamId, String type, Instant recordedAt, String actor,
                            byte[] payload) {

    public <T extends Record> T payloadAs(Class<T> type) {
        return EventCodec.decode(payload, type);
    }
}
