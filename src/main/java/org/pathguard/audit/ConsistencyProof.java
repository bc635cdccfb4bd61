package org.pathguard.audit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Proof that the log at an older signed checkpoint is a prefix of the log at a newer one: nothing
 * before the older checkpoint was changed, removed or reordered. Self-contained text.
 */
public record ConsistencyProof(String olderNote, String newerNote, List<byte[]> path) {

    private static final String HEADER = "pathguard consistency proof v1";
    private static final String BETWEEN = "\n~~~\n";

    public String toText() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        path.forEach(p -> text.append(Base64.getEncoder().encodeToString(p)).append('\n'));
        return text.append('\n').append(olderNote).append(BETWEEN.substring(1)).append(newerNote).toString();
    }

    static boolean isOne(String text) {
        return text.startsWith(HEADER + "\n");
    }

    public static ConsistencyProof parse(String text) {
        int split = text.indexOf("\n\n");
        int between = text.indexOf(BETWEEN, Math.max(split, 0));
        if (!isOne(text) || split < 0 || between < 0) {
            throw new IllegalArgumentException("Not a consistency proof: it must start with '" + HEADER + "'");
        }
        List<byte[]> path = new ArrayList<>();
        try {
            for (String line : text.substring(HEADER.length() + 1, split + 1).split("\n")) {
                if (!line.isEmpty()) {
                    path.add(Base64.getDecoder().decode(line));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a consistency proof: " + e.getMessage(), e);
        }
        return new ConsistencyProof(text.substring(split + 2, between + 1), text.substring(between + BETWEEN.length()), path);
    }

    public String check(CheckpointKey key) {
        Checkpoint older = Checkpoint.open(olderNote, key);
        Checkpoint newer = Checkpoint.open(newerNote, key);
        if (!older.origin().equals(newer.origin())) {
            throw new IllegalArgumentException("The two checkpoints are of different logs: " + older.origin() + " and " + newer.origin());
        }
        if (!MerkleTree.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), path)) {
            throw new IllegalArgumentException("The log at size " + newer.treeSize() + " does not extend the log at size "
                    + older.treeSize() + ": history before it was changed");
        }
        return "the log of " + older.origin() + " at size " + newer.treeSize() + " extends the log at size " + older.treeSize();
    }
}
