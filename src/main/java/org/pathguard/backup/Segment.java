package org.pathguard.backup;

import org.pathguard.eventlog.SealedEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A run of events exactly as the log stores them (payloads sealed), in a plain binary layout:
 * a backup holds no decrypted byte. Named by its SHA-256, so its name proves its content.
 */
final class Segment {

    private static final int MAGIC = 0x50475347; // "PGSG"
    private static final int VERSION = 1;

    private Segment() {
    }

    static byte[] encode(List<SealedEvent> events) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 400);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(events.size());
            for (SealedEvent e : events) {
                out.writeLong(e.sequence());
                out.writeUTF(e.streamId());
                out.writeUTF(e.type());
                out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, e.recordedAt()));
                out.writeUTF(e.actor());
                writeBytes(out, e.ciphertext());
                writeBytes(out, e.previousHash());
                writeBytes(out, e.hash());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    /** Reads a segment; a damaged layout is an IllegalArgumentException. */
    static List<SealedEvent> decode(byte[] segment) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(segment))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("not a PathGuard log segment");
            }
            int count = in.readInt();
            List<SealedEvent> events = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++) {
                events.add(new SealedEvent(in.readLong(), in.readUTF(), in.readUTF(),
                        Instant.EPOCH.plus(in.readLong(), ChronoUnit.MICROS), in.readUTF(),
                        readBytes(in, segment.length), readBytes(in, 64), readBytes(in, 64)));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("bytes after its last event");
            }
            return events;
        } catch (IOException e) {
            throw new IllegalArgumentException("its layout is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readBytes(DataInputStream in, int limit) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > limit) {
            throw new IOException("a field of " + length + " bytes");
        }
        return in.readNBytes(length);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String objectName(String sha256) {
        return "segments/" + sha256 + ".segment";
    }
}
