package org.pathguard.lab;

import java.time.Duration;

/**
 * Where a request comes from, which sets how fast its results are needed: the national consensus on blood-science
 * turnaround (from receipt in the lab to the report) gives each setting a target and a limit beyond which the wait is
 * unacceptable. The network router triages by it and the situation report measures against it.
 */
public enum RequesterSetting {
    GP("GP practice", Duration.ofHours(24), Duration.ofHours(48)),
    ED("emergency department", Duration.ofHours(1), Duration.ofHours(2)),
    WARD("ward", Duration.ofHours(4), Duration.ofHours(12)),
    OUTPATIENTS("outpatients", Duration.ofHours(24), Duration.ofHours(48));

    private final String words;
    private final Duration target;
    private final Duration unacceptable;

    RequesterSetting(String words, Duration target, Duration unacceptable) {
        this.words = words;
        this.target = target;
        this.unacceptable = unacceptable;
    }

    /** The setting as the lab says it: "emergency department". */
    public String words() {
        return words;
    }

    /** Turnaround the consensus expects for this setting. */
    public Duration target() {
        return target;
    }

    /** Turnaround beyond which the consensus calls the wait unacceptable. */
    public Duration unacceptable() {
        return unacceptable;
    }
}
