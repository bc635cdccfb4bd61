package org.pathguard.lab;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Whether a test asked for now repeats one asked for the same patient too soon: within the test's
 * minimum retest interval (HbA1c 90 days: it reflects three months of glucose), or, for any test,
 * within an hour, which is most often the same request sent twice. A warning, not a refusal: the
 * clinician may have a reason (a haemolysed first sample, a change of treatment) and gives it.
 */
public final class MinimumRetestInterval {

    /** A second request of the same test within this time is most likely a duplicate. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofHours(1);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(LabTime.ZONE);

    private MinimumRetestInterval() {
    }

    /** Why a repeat is early, in words beside the test. */
    public record Warning(String testCode, Instant previous, String words) {
    }

    /**
     * @param previousRequests when this test was asked for this patient before (any order)
     * @return a warning when the latest previous request is within the interval (or the duplicate window)
     */
    public static Optional<Warning> check(LabTest test, Instant now, Collection<Instant> previousRequests) {
        Optional<Instant> latest = previousRequests.stream().filter(at -> !at.isAfter(now)).max(Comparator.naturalOrder());
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Instant previous = latest.get();
        Duration since = Duration.between(previous, now);
        Duration minimum = Duration.ofDays(test.minimumRetestDays());
        if (since.compareTo(DUPLICATE_WINDOW) < 0) {
            long minutes = since.toMinutes();
            return Optional.of(new Warning(test.code(), previous, test.name() + " was already requested for this patient "
                    + (minutes < 1 ? "less than a minute" : minutes == 1 ? "1 minute" : minutes + " minutes")
                    + " ago. Is this the same request again?"));
        }
        if (since.compareTo(minimum) < 0) {
            long days = since.toDays();
            return Optional.of(new Warning(test.code(), previous, test.name() + " was requested for this patient on "
                    + DAY.format(previous) + " (" + (days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago") + "); the lab's minimum interval between "
                    + "requests is " + test.minimumRetestDays() + " days, so the next is due from " + DAY.format(previous.plus(minimum)) + "."));
        }
        return Optional.empty();
    }
}
