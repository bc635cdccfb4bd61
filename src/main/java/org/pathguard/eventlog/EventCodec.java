package org.pathguard.eventlog;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for event payloads; independent of the web layer's mapper so stored events never change shape with it. */
final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventCodec() {
    }

    static byte[] encode(Record payload) {
        return MAPPER.writeValueAsBytes(payload);
    }

    static <T> T decode(byte[] payload, Class<T> type) {
        return MAPPER.readValue(payload, type);
    }
}
