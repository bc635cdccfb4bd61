package org.pathguard.audit;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed tree head in the C2SP tlog-checkpoint body format: origin, tree size, base64 root hash,
 * then our one extension line with the time it was made. {@code note} is the whole signed text.
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, Instant time, String note) {

    static String body(String origin, long treeSize, byte[] rootHash, Instant time) {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\ntime " + time + "\n";
    }

    /** Parses and checks a signed checkpoint; refuses it unless the lab's key signed it under its origin. */
    public static Checkpoint open(String note, CheckpointKey key) {
        SignedNote signed = SignedNote.parse(note);
        String[] lines = signed.body().split("\n");
        if (lines.length < 3) {
            throw new IllegalArgumentException("Not a checkpoint: it needs an origin, a tree size and a root hash");
        }
        long size;
        byte[] root;
        Instant time = null;
        try {
            size = Long.parseLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
            for (int i = 3; i < lines.length; i++) {
                if (lines[i].startsWith("time ")) {
                    time = Instant.parse(lines[i].substring(5));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a checkpoint: " + e.getMessage(), e);
        }
        if (size < 0 || root.length != MerkleTree.HASH_BYTES) {
            throw new IllegalArgumentException("Not a checkpoint: bad tree size or root hash");
        }
        if (!signed.signedBy(lines[0], key)) {
            throw new IllegalArgumentException("The checkpoint of size " + size + " for " + lines[0]
                    + " is not signed by the checkpoint key " + key.fingerprint());
        }
        return new Checkpoint(lines[0], size, root, time, note);
    }

    public String rootHex() {
        return HexFormat.of().formatHex(rootHash);
    }
}
