package org.pathguard.simulation;

import org.pathguard.lab.Priority;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How many requests arrive, per day, hour, priority and requester type: drawn once for a scenario and seed, then shared
 * by every run of the sweep and the baseline, so that they differ only in how the network answers (common random
 * numbers: the comparison is not blurred by different draws). Counts per hour, not an object per request, keep a
 * London month at a few thousand numbers.
 */
final class Arrivals {

    private final int[][][][] counts;

    private Arrivals(int[][][][] counts) {
        this.counts = counts;
    }

    /** Requests of {@code priority} from requester type number {@code requester} in {@code hour} of {@code day}. */
    int count(int day, int hour, Priority priority, int requester) {
        return counts[day][hour][priority.ordinal()][requester];
    }

    static Arrivals draw(Scenario scenario) {
        List<Scenario.Demand> demand = scenario.demand();
        int[][][][] counts = new int[scenario.days()][24][Scenario.PRIORITIES.size()][demand.size()];
        boolean poisson = "POISSON".equals(scenario.arrivals().value());
        SplittableRandom random = new SplittableRandom(scenario.seed());
        // Deterministic arrivals carry the fraction of a request from one hour to the next, so a day's total is its mean.
        double[][] carried = new double[Scenario.PRIORITIES.size()][demand.size()];
        for (int day = 0; day < scenario.days(); day++) {
            var date = scenario.startDate().plusDays(day);
            for (int hour = 0; hour < 24; hour++) {
                for (Priority priority : Scenario.PRIORITIES) {
                    for (int r = 0; r < demand.size(); r++) {
                        double mean = demand.get(r).rate(date, hour, priority);
                        int p = priority.ordinal();
                        if (poisson) {
                            counts[day][hour][p][r] = poisson(mean, random);
                        } else {
                            double due = carried[p][r] + mean;
                            int whole = (int) Math.floor(due + 1e-9);
                            carried[p][r] = due - whole;
                            counts[day][hour][p][r] = whole;
                        }
                    }
                }
            }
        }
        return new Arrivals(counts);
    }

    /**
     * A Poisson count of the given mean: Knuth's product of uniforms for small means; above 30 the normal
     * approximation (mean, variance equal), rounded and floored at zero, whose error there is far below what the
     * scenario's assumptions can tell apart.
     */
    static int poisson(double mean, SplittableRandom random) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }
}
