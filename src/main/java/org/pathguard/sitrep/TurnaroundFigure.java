package org.pathguard.sitrep;

import java.time.Duration;

import org.pathguard.lab.RequesterSetting;

/**
 * Turnaround of the orders of one requester setting reported in the period, from receipt to first report, as
 * nearest-rank percentiles, against the setting's consensus target and unacceptable limit.
 *
 * @param setting null for requesters whose setting is not recorded (no target applies)
 * @param median  null (as are the other percentiles) when nothing was reported
 */
public record TurnaroundFigure(RequesterSetting setting, int reported, Duration median, Duration p90, Duration p95,
                               int withinTarget, int beyondUnacceptable) {
}
