package org.pathguard.backup;

import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.CheckpointKey;
import org.pathguard.audit.SignedNote;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The signed record of one shipped segment: its number, the sequences it holds, its digest, the
 * digest of the previous manifest (so manifests form a chain) and the checkpoint at its last
 * event. A signed note, stored once under {@code manifests/<number>.manifest}.
 */
record Manifest(long number, long firstSequence, long lastSequence, String segmentSha256, String previousSha256,
                String checkpointNote) {

    private static final String HEADER = "pathguard backup manifest v1";
    static final String FOLDER = "manifests/";
    static final String NONE = "none";

    static String objectName(long number) {
        return FOLDER + "%012d.manifest".formatted(number);
    }

    String body() {
        return HEADER + "\n"
                + "segment " + number + "\n"
                + "sequences " + firstSequence + " " + lastSequence + "\n"
                + "sha256 " + segmentSha256 + "\n"
                + "previous " + previousSha256 + "\n"
                + "checkpoint " + Base64.getEncoder().encodeToString(checkpointNote.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    String segmentObject() {
        return Segment.objectName(segmentSha256);
    }

    /** Reads a signed manifest; refuses one the lab's key did not sign. */
    static Manifest open(byte[] stored, String origin, CheckpointKey key) {
        SignedNote note = SignedNote.parse(new String(stored, StandardCharsets.UTF_8));
        if (!note.signedBy(origin, key)) {
            throw new IllegalArgumentException("it is not signed by the lab's checkpoint key " + key.fingerprint());
        }
        Map<String, String> fields = new HashMap<>();
        String[] lines = note.body().split("\n");
        if (!lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("it is not a PathGuard backup manifest");
        }
        for (int i = 1; i < lines.length; i++) {
            int space = lines[i].indexOf(' ');
            fields.put(lines[i].substring(0, Math.max(space, 0)), lines[i].substring(space + 1));
        }
        try {
            String[] sequences = fields.get("sequences").split(" ");
            return new Manifest(Long.parseLong(fields.get("segment")), Long.parseLong(sequences[0]), Long.parseLong(sequences[1]),
                    fields.get("sha256"), fields.get("previous"),
                    new String(Base64.getDecoder().decode(fields.get("checkpoint")), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("its fields are damaged", e);
        }
    }

    Checkpoint checkpoint(CheckpointKey key) {
        return Checkpoint.open(checkpointNote, key);
    }
}
