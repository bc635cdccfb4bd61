package org.pathguard.sitrep;

import java.time.Duration;
import java.util.List;

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

    /** The figure for {@code times}, sorted ascending: at a lab from receipt to report, at the router from receipt to result. */
    public static TurnaroundFigure of(RequesterSetting setting, List<Duration> times) {
        int within = setting == null ? 0 : (int) times.stream().filter(t -> t.compareTo(setting.target()) <= 0).count();
        int beyond = setting == null ? 0 : (int) times.stream().filter(t -> t.compareTo(setting.unacceptable()) > 0).count();
        return new TurnaroundFigure(setting, times.size(), Percentiles.nearestRank(times, 50), Percentiles.nearestRank(times, 90),
                Percentiles.nearestRank(times, 95), within, beyond);
    }
}
