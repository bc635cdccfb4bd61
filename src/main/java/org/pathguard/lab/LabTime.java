package org.pathguard.lab;

import java.time.ZoneId;

/** The lab's wall clock: days, working hours and ages are counted in UK time. */
public final class LabTime {

    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    private LabTime() {
    }
}
