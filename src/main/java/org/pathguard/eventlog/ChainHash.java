package org.pathguard.eventlog;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** SHA-256 link of the chain: each event's hash covers the previous hash and every stored field. */
final class ChainHash {

    static final byte[] GENESIS = new byte[32];

    private ChainHash() {
    }

    static byte[] of(byte[] previous, long sequence, String streamId, String type, Instant recordedAt,
                     String actor, byte[] ciphertext) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + ciphertext.length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(previous);
            out.writeLong(sequence);
            out.writeUTF(streamId);
            out.writeUTF(type);
            out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, recordedAt));
            out.writeUTF(actor);
            out.writeInt(ciphertext.length);
            out.write(ciphertext);
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String associatedData(long sequence, String streamId, String type) {
        return "event:" + sequence + ":" + streamId + ":" + type;
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
