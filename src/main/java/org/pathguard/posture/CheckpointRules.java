package org.pathguard.posture;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether the log's latest events are under a signed checkpoint soon enough. A checkpoint that covers the whole log is
 * current however old (nothing happened since); otherwise its age is how long the newest events have gone unsigned,
 * so unwitnessed and rewritable without trace: achieved up to {@code maxAge}, partly up to {@code lapsedAfter}, not after.
 */
public record CheckpointRules(Duration maxAge, Duration lapsedAfter) {

    public static final Indicator INDICATOR = new Indicator("c1b-checkpoint-recent", CafOutcome.C1_B,
            "The event log's latest events are under a recent signed checkpoint", Indicator.Kind.AUTOMATED);

    /** The latest checkpoint as the rule needs it; {@code madeAt} may be unknown for one restored from an old backup. */
    public record Latest(long treeSize, Instant madeAt) {
    }

    /**
     * @param latest the latest checkpoint, or null when none was ever signed
     * @param head the log's last sequence
     */
    public Reading reading(Latest latest, long head, Instant now) {
        if (head == 0) {
            return new Reading(INDICATOR, Rating.ACHIEVED, "The event log is empty: nothing to sign yet", List.of(), now);
        }
        if (latest == null) {
            return new Reading(INDICATOR, Rating.NOT_ACHIEVED, "No checkpoint has been signed; " + head + " events are unsigned",
                    List.of(new Evidence("events", Long.toString(head))), now);
        }
        long unsigned = Math.max(0, head - latest.treeSize());
        List<Evidence> evidence = List.of(new Evidence("latest checkpoint", "size " + latest.treeSize()),
                new Evidence("made at", latest.madeAt() == null ? "not known" : latest.madeAt().toString()),
                new Evidence("events after it", Long.toString(unsigned)));
        if (unsigned == 0) {
            return new Reading(INDICATOR, Rating.ACHIEVED, "The latest checkpoint covers every event", evidence, now);
        }
        Duration age = latest.madeAt() == null ? null : Duration.between(latest.madeAt(), now);
        String finding = unsigned + " events are after the latest checkpoint, made " + (age == null ? "at a time not known" : words(age) + " ago");
        Rating rating = age == null || age.compareTo(lapsedAfter) > 0 ? Rating.NOT_ACHIEVED
                : age.compareTo(maxAge) > 0 ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
        return new Reading(INDICATOR, rating, finding, evidence, now);
    }

    static String words(Duration age) {
        if (age.toDays() > 0) {
            return age.toDays() + " d " + age.toHoursPart() + " h";
        }
        if (age.toHours() > 0) {
            return age.toHours() + " h " + age.toMinutesPart() + " min";
        }
        return age.toMinutes() > 0 ? age.toMinutes() + " min" : age.toSeconds() + " s";
    }
}
