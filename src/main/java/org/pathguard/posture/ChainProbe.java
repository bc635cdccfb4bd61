package org.pathguard.posture;

import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.Checkpoints;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.SealedEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * C1.b: the event log's hash chain is unbroken and the stored log still has the root its latest checkpoint signed.
 * A page view walks only the events added since the last view (each linked to the one before, its hash its fields');
 * the whole chain is walked again, with the checkpoint's root recomputed, once every
 * {@code pathguard.posture.chain-full-walk-every} (PT1H), so an old event edited in place is found within that time
 * without every view paying for the whole log. Payloads are not decrypted here: {@code ./pathguard verify} does that.
 * A log shorter than this probe once saw, or than the latest checkpoint signed, has lost its last events (rows deleted
 * or truncated leave an intact, shorter chain): not achieved. With no checkpoint at all, a rewrite of the whole log with
 * every hash recomputed cannot be told from the real one, so an unbroken chain is only partially achieved.
 */
@Component
class ChainProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("c1b-chain-verifies", CafOutcome.C1_B,
            "The event log's hash chain is unbroken and matches its latest signed checkpoint", Indicator.Kind.AUTOMATED);

    private final EventLog log;
    private final Checkpoints checkpoints;
    private final Duration fullWalkEvery;
    private long verifiedUpTo;
    /** The highest sequence any view has seen: a full walk starts again from zero, this never goes back. */
    private long highestSeen;
    private byte[] verifiedHash = SealedEvent.genesis();
    private Instant lastFullWalk;
    private String fullWalkFinding;
    private String broken;

    ChainProbe(EventLog log, Checkpoints checkpoints, @Value("${pathguard.posture.chain-full-walk-every:PT1H}") Duration fullWalkEvery) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.fullWalkEvery = fullWalkEvery;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public synchronized Reading take(Instant now) {
        boolean full = lastFullWalk == null || !now.isBefore(lastFullWalk.plus(fullWalkEvery));
        if (full) {
            verifiedUpTo = 0;
            verifiedHash = SealedEvent.genesis();
            broken = null;
        }
        long head = log.lastSequence();
        Optional<Checkpoint> latest = checkpoints.latest();
        long expected = Math.max(highestSeen, latest.map(Checkpoint::treeSize).orElse(0L));
        long walked = 0;
        if (head < expected) {
            broken = "the log is shorter than it was: " + CheckpointRules.events(expected - head) + " missing (its last sequence is " + head
                    + ", " + expected + " had been " + (expected == highestSeen ? "seen" : "signed") + ")";
        } else if (broken == null) {
            walked = walk(head);
        }
        highestSeen = Math.max(highestSeen, head);
        if (full && broken == null) {
            if (latest.isPresent() && !checkpoints.storedLogMatches(latest.get())) {
                broken = "the stored log's first " + latest.get().treeSize() + " events no longer have the root the latest checkpoint signed";
            }
            fullWalkFinding = latest.map(c -> "the whole chain was walked and matched the checkpoint of size " + c.treeSize())
                    .orElse("the whole chain was walked; no checkpoint has been signed to match it with");
        }
        if (full) {
            lastFullWalk = now;
        }
        List<Evidence> evidence = new ArrayList<>(List.of(new Evidence("events verified", Long.toString(verifiedUpTo)),
                new Evidence("events walked on this view", Long.toString(walked)),
                new Evidence("highest sequence seen", Long.toString(highestSeen)),
                new Evidence("last whole walk", lastFullWalk.toString())));
        if (broken != null) {
            return new Reading(INDICATOR, Rating.NOT_ACHIEVED, "The event log has been altered: " + broken, evidence, now);
        }
        evidence.add(new Evidence("head hash", HexFormat.of().formatHex(verifiedHash)));
        String finding = "The chain of " + CheckpointRules.events(verifiedUpTo) + " is unbroken; at the last whole walk " + fullWalkFinding;
        if (latest.isEmpty() && verifiedUpTo > 0) {
            return new Reading(INDICATOR, Rating.PARTIALLY_ACHIEVED, finding + " (without a signed checkpoint, a rewrite of the whole log "
                    + "with every hash recomputed cannot be told from it)", evidence, now);
        }
        return new Reading(INDICATOR, Rating.ACHIEVED, finding, evidence, now);
    }

    /** Walks the events after the verified head up to {@code head}; returns how many it walked, recording the first break. */
    private long walk(long head) {
        long from = verifiedUpTo;
        log.sealedEvents(verifiedUpTo, head, event -> {
            if (broken != null) {
                return;
            }
            long expected = verifiedUpTo + 1;
            if (event.sequence() != expected) {
                broken = "sequence " + expected + " is missing";
            } else if (!Arrays.equals(event.previousHash(), verifiedHash)) {
                broken = "sequence " + expected + "'s previous hash is not the hash of sequence " + verifiedUpTo;
            } else if (!event.hashMatchesFields()) {
                broken = "sequence " + expected + "'s stored fields do not match its hash";
            } else {
                verifiedUpTo = event.sequence();
                verifiedHash = event.hash();
            }
        });
        if (broken == null && verifiedUpTo < head) {
            broken = "sequence " + (verifiedUpTo + 1) + " is missing";
        }
        return verifiedUpTo - from;
    }
}
