package org.pathguard.posture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B3.c's key-age rule, plain Java: each keyset's primary key is younger than the lab's rotation period, else the
 * outcome is partially achieved (an old key is not a breach, but every ciphertext and index the lab has made since
 * rests on it). A keyset never rotated is as old as the lab: its keys are made on the first start.
 *
 * @param madeAt when each keyset's primary key was made (DATA, INDEX, CHECKPOINT, MASTER), as far as the lab knows
 */
record KeyAges(Map<String, Instant> madeAt, Duration maxAge) {

    Rating rating(Instant now) {
        return older(now).isEmpty() ? Rating.ACHIEVED : Rating.PARTIALLY_ACHIEVED;
    }

    /** The keysets whose primary key is older than the period, in the map's order. */
    List<String> older(Instant now) {
        List<String> older = new ArrayList<>();
        madeAt.forEach((keyset, at) -> {
            if (Duration.between(at, now).compareTo(maxAge) > 0) {
                older.add(keyset);
            }
        });
        return older;
    }

    String finding(Instant now) {
        List<String> older = older(now);
        return older.isEmpty() ? "Every key is younger than " + days(maxAge)
                : "Older than " + days(maxAge) + ": the " + String.join(", ", older).toLowerCase()
                + " key" + (older.size() == 1 ? "" : "s") + " (./pathguard keys rotate)";
    }

    static String days(Duration age) {
        long days = age.toDays();
        return days == 1 ? "1 day" : days + " days";
    }
}
