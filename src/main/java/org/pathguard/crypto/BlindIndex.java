package org.pathguard.crypto;

import com.google.crypto.tink.Mac;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** Keyed HMAC of an identifier, so exact-match lookups work without a plaintext search column. */
public final class BlindIndex {

    private final Mac mac;

    BlindIndex(Mac mac) {
        this.mac = mac;
    }

    /** The kind (e.g. "nhs-number") is mixed in so equal values of different kinds never collide. */
    public byte[] of(String kind, String normalisedValue) {
        try {
            return mac.computeMac((kind + "\u0000" + normalisedValue).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Blind index computation failed", e);
        }
    }
}
