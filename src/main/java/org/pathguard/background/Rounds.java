package org.pathguard.background;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Work done in rounds on a thread of its own while the server runs (sending queued messages to other systems,
 * sweeping referrals): another round at once while a round finds work, else after a pause. What is due is read
 * from what was recorded, so a round that fails is simply tried again after the pause and nothing is lost. A
 * failure is logged by its class only: lower layers' messages may quote patient data.
 */
public abstract class Rounds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Rounds.class);

    private static final Duration FINISHING = Duration.ofSeconds(5);

    private final String name;
    private final Duration pause;
    private final ReentrantLock inRound = new ReentrantLock();
    private volatile Thread worker;

    protected Rounds(String name, Duration pause) {
        this.name = name;
        this.pause = pause;
    }

    /** One round; returns how much it did (none: pause before the next). */
    protected abstract int round();

    @Override
    public void start() {
        Thread thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        worker = thread;
        thread.start();
    }

    private void run() {
        while (worker == Thread.currentThread()) {
            try {
                int done;
                inRound.lock();
                try {
                    if (worker != Thread.currentThread()) {
                        return;
                    }
                    done = round();
                } finally {
                    inRound.unlock();
                }
                if (done == 0) {
                    Thread.sleep(pause);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("A round of {} failed: {}", name, e.getClass().getName());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * Lets the round in progress finish (up to a few seconds) before waking the worker from its pause, so a round
     * is never cut off mid-append and does not meet a closed database as the server stops.
     */
    @Override
    public void stop() {
        Thread running = worker;
        worker = null;
        if (running == null) {
            return;
        }
        boolean finished = false;
        try {
            finished = inRound.tryLock(FINISHING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            running.interrupt();
        } finally {
            if (finished) {
                inRound.unlock();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Stopped before the services they use (the database, the connections) and started after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
