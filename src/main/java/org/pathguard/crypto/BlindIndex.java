package org.pathguard.crypto;

import com.google.crypto.tink.Mac;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** Keyed HMAC of an identifier, so exact-match lookups work without a plaintext search column. */
public final class BlindIndex {

    private final Mac mac;
    private final List<Mac> everyKey;

    /** {@code everyKey}: one MAC per key of the keyset, the primary first, then the older ones newest first. */
    BlindIndex(Mac mac, List<Mac> everyKey) {
        this.mac = mac;
        this.everyKey = List.copyOf(everyKey);
    }

    /** The kind (e.g. "nhs-number") is mixed in so equal values of different kinds never collide. */
    public byte[] of(String kind, String normalisedValue) {
        return compute(mac, kind, normalisedValue);
    }

    /**
     * The index under every key the lab has had, the current one first. For the few indexes that are kept in events
     * (a machine credential's, an enrolment link's, recovery codes': the secret itself is never stored, so a rebuild
     * cannot compute them again under a new key), a lookup tries each, so they still work after the index key rotates.
     */
    public List<byte[]> underEveryKey(String kind, String normalisedValue) {
        List<byte[]> all = new ArrayList<>(everyKey.size());
        for (Mac each : everyKey) {
            all.add(compute(each, kind, normalisedValue));
        }
        return all;
    }

    private static byte[] compute(Mac mac, String kind, String normalisedValue) {
        try {
            return mac.computeMac((kind + "\u0000" + normalisedValue).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Blind index computation failed", e);
        }
    }
}
