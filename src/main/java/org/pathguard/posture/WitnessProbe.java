package org.pathguard.posture;

import org.pathguard.audit.Witnesses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** B5.a: the witnesses' lag and refusals, as the sender of checkpoints saw them since the server started. */
@Component
class WitnessProbe implements Probe {

    private final Witnesses witnesses;
    private final Duration maxLag;

    WitnessProbe(Witnesses witnesses, @Value("${pathguard.posture.witness-max-lag:PT1H}") Duration maxLag) {
        this.witnesses = witnesses;
        this.maxLag = maxLag;
    }

    @Override
    public Indicator indicator() {
        return ResilienceRules.WITNESSES;
    }

    @Override
    public Reading take(Instant now) {
        Map<String, Long> sizes = new HashMap<>();
        witnesses.accepted().forEach((target, witnessed) -> sizes.put(target, witnessed.treeSize()));
        return ResilienceRules.witnesses(new ResilienceRules.Witnessing(witnesses.targets(), witnesses.refusals(), sizes, witnesses.failingSince()),
                maxLag, now);
    }
}
