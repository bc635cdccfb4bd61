package org.pathguard.audit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9162 trees and proofs against the Certificate Transparency reference vectors, then every shape up to 70 leaves. */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> CT_ENTRIES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f").stream().map(HEX::parseHex).toList();
    private static final List<String> CT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void rootsMatchTheReferenceTreeHeads() {
        MerkleTree.Frontier tree = new MerkleTree.Frontier();
        assertThat(HEX.formatHex(tree.root())).isEqualTo(CT_ROOTS.get(0));
        for (int n = 1; n <= 8; n++) {
            tree.append(MerkleTree.leafHash(CT_ENTRIES.get(n - 1)));
            assertThat(HEX.formatHex(tree.root())).as("size %d", n).isEqualTo(CT_ROOTS.get(n));
            assertThat(HEX.formatHex(MerkleTree.Frontier.fromBytes(tree.toBytes()).root())).isEqualTo(CT_ROOTS.get(n));
        }
    }

    @Test
    void proofsMatchTheReferenceProofs() {
        List<byte[]> leaves = CT_ENTRIES.stream().map(MerkleTree::leafHash).toList();
        assertThat(hex(inclusion(leaves, 0, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(inclusion(leaves, 5, 8))).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(inclusion(leaves, 1, 5))).containsExactly(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(hex(consistency(leaves, 1, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(consistency(leaves, 6, 8))).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(consistency(leaves, 2, 5))).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    @Test
    void everyProofInEveryTreeUpTo70LeavesVerifiesAndNothingElseDoes() {
        Random random = new Random(9162);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            byte[] entry = new byte[32];
            random.nextBytes(entry);
            leaves.add(MerkleTree.leafHash(entry));
        }
        for (int n = 1; n <= 70; n++) {
            byte[] root = root(leaves, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = inclusion(leaves, m, n);
                assertThat(MerkleTree.verifyInclusion(m, n, leaves.get(m), path, root)).as("leaf %d of %d", m, n).isTrue();
                assertThat(MerkleTree.verifyInclusion(m, n, leaves.get((m + 1) % 70), path, root)).isFalse();
                if (n > 1) {
                    assertThat(MerkleTree.verifyInclusion((m + 1) % n, n, leaves.get(m), path, root)).isFalse();
                }
            }
            for (int m = 1; m <= n; m++) {
                List<byte[]> path = consistency(leaves, m, n);
                assertThat(MerkleTree.verifyConsistency(m, n, root(leaves, m), root, path)).as("%d to %d", m, n).isTrue();
                if (m < n) {
                    // A different older tree (one leaf replaced) is not a prefix of this one.
                    List<byte[]> rewritten = new ArrayList<>(leaves.subList(0, m));
                    rewritten.set(m - 1, leaves.get(69));
                    assertThat(MerkleTree.verifyConsistency(m, n, root(rewritten, m), root, path)).isFalse();
                }
            }
        }
    }

    private static byte[] root(List<byte[]> leaves, int n) {
        MerkleTree.Frontier tree = new MerkleTree.Frontier();
        leaves.subList(0, n).forEach(tree::append);
        return tree.root();
    }

    private static List<byte[]> inclusion(List<byte[]> leaves, long m, long n) {
        return collect(MerkleTree.inclusionRanges(m, n), leaves, n);
    }

    private static List<byte[]> consistency(List<byte[]> leaves, long m, long n) {
        return collect(MerkleTree.consistencyRanges(m, n), leaves, n);
    }

    private static List<byte[]> collect(List<MerkleTree.Range> ranges, List<byte[]> leaves, long n) {
        MerkleTree.ProofCollector collector = new MerkleTree.ProofCollector(ranges);
        for (long i = collector.firstLeaf(); i < n; i++) {
            collector.accept(i, leaves.get((int) i));
        }
        return collector.path();
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
