package org.pathguard.posture;

import org.pathguard.audit.Checkpoints;
import org.pathguard.eventlog.EventLog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/** C1.b: the latest signed checkpoint and how long the events after it have gone unsigned ({@link CheckpointRules}). */
@Component
class CheckpointProbe implements Probe {

    private final Checkpoints checkpoints;
    private final EventLog log;
    private final CheckpointRules rules;

    CheckpointProbe(Checkpoints checkpoints, EventLog log,
                    @Value("${pathguard.posture.checkpoint-max-age:PT10M}") Duration maxAge,
                    @Value("${pathguard.posture.checkpoint-lapsed-after:P1D}") Duration lapsedAfter) {
        this.checkpoints = checkpoints;
        this.log = log;
        this.rules = new CheckpointRules(maxAge, lapsedAfter);
    }

    @Override
    public Indicator indicator() {
        return CheckpointRules.INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        long head = log.lastSequence();
        return rules.reading(checkpoints.latest().map(c -> new CheckpointRules.Latest(c.treeSize(), c.time())).orElse(null), head, now);
    }
}
