package org.pathguard.audit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1, with SHA-256: leaf
 * hashes are {@code H(0x00 || entry)}, nodes {@code H(0x01 || left || right)}. Written here because
 * no maintained Java library offers RFC 9162 proofs over a tree too large to hold in memory: every
 * root and proof is computed from leaves streamed in order, keeping only O(log n) hashes.
 */
public final class MerkleTree {

    public static final int HASH_BYTES = 32;

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        return sha.digest(entry);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        return sha.digest(right);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The root of the tree over no leaves: the hash of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /**
     * The perfect subtrees covering the leaves so far, largest first: enough to extend the tree
     * and to compute its root, in O(log n) space.
     */
    public static final class Frontier {
        private final List<byte[]> roots = new ArrayList<>();
        private long size;

        public void append(byte[] leafHash) {
            roots.add(leafHash);
            size++;
            // Each 1 bit of the size is one perfect subtree: merge while the low bits carry.
            for (long s = size; (s & 1) == 0; s >>= 1) {
                byte[] right = roots.removeLast();
                byte[] left = roots.removeLast();
                roots.add(nodeHash(left, right));
            }
        }

        public long size() {
            return size;
        }

        public byte[] root() {
            if (roots.isEmpty()) {
                return emptyRoot();
            }
            byte[] root = roots.getLast();
            for (int i = roots.size() - 2; i >= 0; i--) {
                root = nodeHash(roots.get(i), root);
            }
            return root;
        }

        /** The size and subtree hashes, to carry on from a stored checkpoint without rereading its leaves. */
        public byte[] toBytes() {
            ByteBuffer out = ByteBuffer.allocate(Long.BYTES + roots.size() * HASH_BYTES).putLong(size);
            roots.forEach(out::put);
            return out.array();
        }

        public static Frontier fromBytes(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Frontier frontier = new Frontier();
            frontier.size = in.getLong();
            if (in.remaining() != Long.bitCount(frontier.size) * HASH_BYTES) {
                throw new IllegalArgumentException("A stored frontier does not match its tree size");
            }
            while (in.hasRemaining()) {
                byte[] hash = new byte[HASH_BYTES];
                in.get(hash);
                frontier.roots.add(hash);
            }
            return frontier;
        }
    }

    /** Leaves {@code [start, end)}: a proof is the roots of such ranges, in a set order. */
    record Range(long start, long end) {
    }

    /** RFC 9162 2.1.3.1 PATH(m, D[n]): the ranges whose roots form leaf m's inclusion proof. */
    static List<Range> inclusionRanges(long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("Leaf " + leafIndex + " is not in a tree of " + treeSize);
        }
        List<Range> path = new ArrayList<>();
        inclusion(leafIndex, 0, treeSize, path);
        return path;
    }

    private static void inclusion(long m, long offset, long n, List<Range> path) {
        if (n <= 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            inclusion(m, offset, k, path);
            path.add(new Range(offset + k, offset + n));
        } else {
            inclusion(m - k, offset + k, n - k, path);
            path.add(new Range(offset, offset + k));
        }
    }

    /** RFC 9162 2.1.4.1 PROOF(m, D[n]): the ranges whose roots prove tree m is a prefix of tree n. */
    static List<Range> consistencyRanges(long first, long second) {
        if (first < 1 || first > second) {
            throw new IllegalArgumentException("No consistency proof from size " + first + " to " + second);
        }
        List<Range> path = new ArrayList<>();
        subproof(first, 0, second, true, path);
        return path;
    }

    private static void subproof(long m, long offset, long n, boolean complete, List<Range> path) {
        if (m == n) {
            if (!complete) {
                path.add(new Range(offset, offset + n));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, offset, k, complete, path);
            path.add(new Range(offset + k, offset + n));
        } else {
            subproof(m - k, offset + k, n - k, false, path);
            path.add(new Range(offset, offset + k));
        }
    }

    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** Collects the roots of a proof's ranges from leaves fed in order, each leaf once. */
    static final class ProofCollector {
        private final List<Range> ranges;
        private final List<Integer> byStart;
        private final Frontier[] frontiers;
        private int current;

        ProofCollector(List<Range> ranges) {
            this.ranges = ranges;
            this.byStart = java.util.stream.IntStream.range(0, ranges.size()).boxed()
                    .sorted(Comparator.comparingLong(i -> ranges.get(i).start())).toList();
            this.frontiers = new Frontier[ranges.size()];
            for (int i = 0; i < frontiers.length; i++) {
                frontiers[i] = new Frontier();
            }
        }

        /** The first leaf any range needs: leaves before it can be skipped. */
        long firstLeaf() {
            return byStart.isEmpty() ? 0 : ranges.get(byStart.getFirst()).start();
        }

        void accept(long index, byte[] leafHash) {
            while (current < byStart.size() && index >= ranges.get(byStart.get(current)).end()) {
                current++;
            }
            if (current < byStart.size() && index >= ranges.get(byStart.get(current)).start()) {
                frontiers[byStart.get(current)].append(leafHash);
            }
        }

        List<byte[]> path() {
            List<byte[]> path = new ArrayList<>(frontiers.length);
            for (int i = 0; i < frontiers.length; i++) {
                Range r = ranges.get(i);
                if (frontiers[i].size() != r.end() - r.start()) {
                    throw new IllegalStateException("Leaves " + r.start() + ".." + (r.end() - 1) + " were not all supplied");
                }
                path.add(frontiers[i].root());
            }
            return path;
        }
    }

    /** RFC 9162 2.1.3.2: does {@code path} prove the leaf at {@code leafIndex} is in the tree with this root? */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 2.1.4.2: does {@code path} prove the tree of {@code first} leaves is a prefix of the tree of {@code second}? */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path) {
        if (first < 1 || first > second) {
            return false;
        }
        if (first == second) {
            return path.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        List<byte[]> nodes = new ArrayList<>(path);
        if (Long.bitCount(first) == 1) {
            nodes.addFirst(firstRoot);
        }
        if (nodes.isEmpty()) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = nodes.getFirst();
        byte[] sr = nodes.getFirst();
        for (byte[] c : nodes.subList(1, nodes.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }
}
