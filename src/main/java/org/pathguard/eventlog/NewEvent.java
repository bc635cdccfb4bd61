package org.pathguard.eventlog;

/**
 * An event about to be appended. The type is the payload record's simple name, which makes record
 * names part of the stored format: rename one only with an upcaster. The record itself travels
 * along so the appending transaction's projections need not decode what was just encoded.
 */
public record NewEvent(String streamId, String type, byte[] payload, Record decoded) {

    public static NewEvent of(Object streamId, Record payload) {
        return new NewEvent(streamId.toString(), payload.getClass().getSimpleName(), EventCodec.encode(payload), payload);
    }
}
