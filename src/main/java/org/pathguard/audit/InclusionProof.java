package org.pathguard.audit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Proof that the event at {@code sequence}, whose chain hash is {@code chainHash}, is leaf
 * {@code sequence - 1} of the tree a signed checkpoint names. Self-contained text, checked offline.
 */
public record InclusionProof(long sequence, byte[] chainHash, List<byte[]> path, String checkpointNote) {

    private static final String HEADER = "pathguard inclusion proof v1";

    public String toText() {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append("sequence ").append(sequence).append('\n')
                .append("chain-hash ").append(Base64.getEncoder().encodeToString(chainHash)).append('\n');
        path.forEach(p -> text.append(Base64.getEncoder().encodeToString(p)).append('\n'));
        return text.append('\n').append(checkpointNote).toString();
    }

    static boolean isOne(String text) {
        return text.startsWith(HEADER + "\n");
    }

    public static InclusionProof parse(String text) {
        int split = text.indexOf("\n\n");
        if (!isOne(text) || split < 0) {
            throw new IllegalArgumentException("Not an inclusion proof: it must start with '" + HEADER + "'");
        }
        String[] lines = text.substring(0, split).split("\n");
        try {
            long sequence = Long.parseLong(lines[1].substring("sequence ".length()));
            byte[] chainHash = Base64.getDecoder().decode(lines[2].substring("chain-hash ".length()));
            List<byte[]> path = new ArrayList<>();
            for (int i = 3; i < lines.length; i++) {
                path.add(Base64.getDecoder().decode(lines[i]));
            }
            return new InclusionProof(sequence, chainHash, path, text.substring(split + 2));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not an inclusion proof: " + e.getMessage(), e);
        }
    }

    /** Checks the checkpoint's signature and the proof; returns what was proved, or throws saying what failed. */
    public String check(CheckpointKey key) {
        Checkpoint checkpoint = Checkpoint.open(checkpointNote, key);
        if (!MerkleTree.verifyInclusion(sequence - 1, checkpoint.treeSize(), MerkleTree.leafHash(chainHash), path, checkpoint.rootHash())) {
            throw new IllegalArgumentException("The inclusion proof of sequence " + sequence + " does not lead to the root of the signed checkpoint of size "
                    + checkpoint.treeSize());
        }
        return "event " + sequence + " is in the log of " + checkpoint.origin() + " at tree size " + checkpoint.treeSize();
    }
}
