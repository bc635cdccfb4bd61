package org.pathguard.eventlog;

/** Outcome of recomputing the hash chain: either intact with its head, or the first bad sequence. */
public record ChainVerification(boolean intact, long eventCount, String headHash, Long firstBadSequence,
                                String problem) {

    static ChainVerification ok(long count, byte[] head) {
        return new ChainVerification(true, count, ChainHash.hex(head), null, null);
    }

    static ChainVerification broken(long count, long sequence, String problem) {
        return new ChainVerification(false, count, null, sequence, problem);
    }
}
