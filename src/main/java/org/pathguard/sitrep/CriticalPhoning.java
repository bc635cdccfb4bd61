package org.pathguard.sitrep;

import java.time.Duration;

/**
 * Critical results raised in the period and how fast they were phoned, as things stood at the period's end.
 *
 * @param phonedWithinDeadline phoned within the lab's deadline ({@code pathguard.critical.phone-within})
 * @param medianToPhone        null (as is {@code p90ToPhone}) when none was phoned
 */
public record CriticalPhoning(int raised, int phoned, int phonedWithinDeadline, Duration medianToPhone,
                              Duration p90ToPhone, int stillOpen) {
}
