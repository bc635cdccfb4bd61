package org.pathguard.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Makes a checkpoint every few seconds while the server runs (serve and demo turn it on). */
@Component
@ConditionalOnProperty(name = "pathguard.checkpoint.enabled", havingValue = "true")
class CheckpointSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final Checkpoints checkpoints;
    private final Duration interval;
    private ScheduledExecutorService timer;

    CheckpointSchedule(Checkpoints checkpoints, @Value("${pathguard.checkpoint.interval:PT2S}") Duration interval) {
        this.checkpoints = checkpoints;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("checkpoints").daemon().factory());
        timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            checkpoints.makeCheckpoints();
        } catch (RuntimeException e) {
            // The next tick tries again; a checkpoint missed is made late, never lost.
            log.error("Making a checkpoint failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
            // One last checkpoint, so what was committed before shutdown is signed and shipped.
            tick();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
