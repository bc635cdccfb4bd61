package org.pathguard.drill;

import org.pathguard.access.Actor;
import org.pathguard.background.Rounds;
import org.pathguard.writeonce.WriteOnceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * serve's restore drill, every {@code pathguard.drill.every} (e.g. P7D; off unless set), from the repository the lab
 * ships its backups to. When the last drill ran is read from the recorded drills, so a restart neither skips one nor
 * runs one early; a drill that fails is recorded as failed and the next is due a whole period later, not at once
 * (the posture shows the failure meanwhile).
 */
@Component
@ConditionalOnExpression("!'${pathguard.drill.every:}'.isBlank()")
class DrillSchedule extends Rounds {

    private static final Logger log = LoggerFactory.getLogger(DrillSchedule.class);

    private final RestoreDrill drill;
    private final InstantSource clock;
    private final Duration every;
    private final String repository;

    DrillSchedule(RestoreDrill drill, InstantSource clock, @Value("${pathguard.drill.every}") Duration every,
                  @Value("${pathguard.backup.repository:}") String repository) {
        super("restore-drill", Duration.ofMinutes(1));
        if (repository.isBlank()) {
            throw new IllegalStateException("pathguard.drill.every is set but there is no backup repository to drill from:"
                    + " give --backup-repo (pathguard.backup.repository)");
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalStateException("pathguard.drill.every must be a positive period, e.g. P7D");
        }
        this.drill = drill;
        this.clock = clock;
        this.every = every;
        this.repository = repository;
        // A serve killed mid-drill left a copy of the lab on disk: gone before anything else starts.
        drill.removeStaleScratch();
    }

    /** Always 0: one drill per round at most, then the pause before looking again. */
    @Override
    protected int round() {
        Instant now = clock.instant();
        if (drill.latestStart().map(last -> last.plus(every).isAfter(now)).orElse(false)) {
            return 0;
        }
        try (WriteOnceStore store = WriteOnceStore.open(repository)) {
            RestoreDrillResult result = drill.run(Actor.SYSTEM, store);
            if (result.passed()) {
                log.info("Restore drill passed in {} s: {} events restored", result.duration().toSeconds(), result.eventsRestored());
            } else {
                log.error("Restore drill FAILED: {}", result.reason());
            }
        }
        return 0;
    }
}
