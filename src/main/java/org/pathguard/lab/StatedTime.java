package org.pathguard.lab;

import java.time.Instant;

/** A time a person or device states (collected, received, told); clocks on wards and analysers drift a little. */
public final class StatedTime {

    private static final long ALLOWED_CLOCK_DRIFT_SECONDS = 300;

    private StatedTime() {
    }

    /** The stated time, or {@code now} (the lab's clock) when none was given; refused if later than now allows. */
    public static Instant orNow(Instant stated, String name, Instant now) {
        if (stated == null) {
            return now;
        }
        if (stated.isAfter(now.plusSeconds(ALLOWED_CLOCK_DRIFT_SECONDS))) {
            throw new LabRuleViolation(name + "-in-future", name + "At is in the future");
        }
        return stated;
    }
}
