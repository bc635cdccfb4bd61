package org.pathguard.posture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resilience indicators' ratings (B5.a witnesses, B5.c backups, D1.c restore drills) as plain rules on what the
 * probes read, so each threshold is tested both ways without a lab.
 */
final class ResilienceRules {

    static final Indicator BACKUP_AGE = new Indicator("b5c-backup-age", CafOutcome.B5_C,
            "The backup repository holds every event older than the allowed backup age", Indicator.Kind.AUTOMATED);
    static final Indicator RESTORE_DRILL = new Indicator("d1c-restore-drill", CafOutcome.D1_C,
            "A restore drill from the backups passed within the allowed period", Indicator.Kind.AUTOMATED);
    static final Indicator WITNESSES = new Indicator("b5a-witnesses", CafOutcome.B5_A,
            "Witnesses outside the lab take its checkpoints without lag and have refused none", Indicator.Kind.AUTOMATED);

    static final String BEFORE_START = "as seen since this process started; refusals before its last start are not known";

    private ResilienceRules() {
    }

    /** What the repository holds against the lab's log; {@code oldestUnshipped} is when the first event not shipped was recorded. */
    record Shipping(String repository, long segments, long shippedSequence, Instant lastCheckpointAt, long labSequence,
                    Instant oldestUnshipped) {
    }

    /**
     * The recovery point now: the age of the oldest event the repository does not hold. A lab with nothing unshipped is
     * at zero however long ago its last checkpoint (a quiet night makes none); one whose oldest unshipped event is older
     * than {@code maxAge} has a repository that stopped receiving. A repository holding more events than the lab is not
     * this lab's backup of now (the lab was rolled back, or the repository holds another history): not achieved.
     */
    static Reading backupAge(Shipping s, Duration maxAge, Instant now) {
        long ahead = s.shippedSequence() - s.labSequence();
        long unshipped = Math.max(0, -ahead);
        Duration rpo = unshipped == 0 ? Duration.ZERO : Duration.between(s.oldestUnshipped(), now);
        List<Evidence> evidence = List.of(new Evidence("repository", s.repository()),
                new Evidence("segments shipped", String.valueOf(s.segments())),
                new Evidence("last shipped sequence", String.valueOf(s.shippedSequence())),
                new Evidence("last shipped checkpoint made", s.lastCheckpointAt() == null ? "never" : s.lastCheckpointAt().toString()),
                new Evidence("lab's last sequence", String.valueOf(s.labSequence())),
                new Evidence("events not yet shipped", String.valueOf(unshipped)),
                new Evidence("recovery point now", words(rpo)),
                new Evidence("allowed", words(maxAge)));
        if (ahead > 0) {
            return new Reading(BACKUP_AGE, Rating.NOT_ACHIEVED, "The repository is ahead of the lab: " + ahead
                    + " events the lab does not have (the lab was rolled back, or the repository holds another history)", evidence, now);
        }
        if (unshipped == 0) {
            return new Reading(BACKUP_AGE, Rating.ACHIEVED, "The backup repository holds every event the lab has recorded", evidence, now);
        }
        if (rpo.compareTo(maxAge) <= 0) {
            return new Reading(BACKUP_AGE, Rating.ACHIEVED, unshipped + " events not yet shipped, the oldest " + words(rpo)
                    + " old (allowed " + words(maxAge) + ")", evidence, now);
        }
        return new Reading(BACKUP_AGE, Rating.NOT_ACHIEVED, unshipped + " events recorded since " + s.oldestUnshipped()
                + " are not in the backup repository: it has received nothing for " + words(rpo) + " (allowed " + words(maxAge) + ")",
                evidence, now);
    }

    static Reading noBackup(String why, Instant now) {
        return new Reading(BACKUP_AGE, Rating.NOT_ACHIEVED, why, List.of(), now);
    }

    /** The last restore drill as recorded (drill.RestoreDrillResult, read by the probe). */
    record LastDrill(Instant startedAt, Duration duration, boolean passed, String repository, long eventsRestored, String counts,
                     String reason, String runBy) {
    }

    /** None, or a failed last drill: not achieved. A passed one older than {@code maxAge}: partially (it did work once). */
    static Reading restoreDrill(Optional<LastDrill> latest, Duration maxAge, Instant now) {
        if (latest.isEmpty()) {
            return new Reading(RESTORE_DRILL, Rating.NOT_ACHIEVED, "No restore drill has been run: ./pathguard drill restore, or "
                    + "pathguard.drill.every on the server", List.of(new Evidence("allowed age", words(maxAge))), now);
        }
        LastDrill d = latest.get();
        Duration age = Duration.between(d.startedAt(), now);
        List<Evidence> evidence = List.of(new Evidence("last drill", d.startedAt().toString()),
                new Evidence("result", d.passed() ? "passed" : "failed"),
                new Evidence("took", words(d.duration())),
                new Evidence("events restored", String.valueOf(d.eventsRestored())),
                new Evidence("counts (restored of live)", d.counts().isEmpty() ? "not compared" : d.counts()),
                new Evidence("repository", d.repository()),
                new Evidence("run by", d.runBy()),
                new Evidence("allowed age", words(maxAge)));
        if (!d.passed()) {
            return new Reading(RESTORE_DRILL, Rating.NOT_ACHIEVED, "The last restore drill, " + words(age) + " ago, failed: " + d.reason(),
                    evidence, now);
        }
        if (age.compareTo(maxAge) > 0) {
            return new Reading(RESTORE_DRILL, Rating.PARTIALLY_ACHIEVED, "The last restore drill passed, but " + words(age)
                    + " ago (allowed " + words(maxAge) + ")", evidence, now);
        }
        return new Reading(RESTORE_DRILL, Rating.ACHIEVED, "The last restore drill passed " + words(age) + " ago, in "
                + words(d.duration()), evidence, now);
    }

    /** What the witnesses' sender knows of each target: its refusal, its last accepted size, since when it is unreachable. */
    record Witnessing(List<String> targets, Map<String, String> refusals, Map<String, Long> acceptedSize,
                      Map<String, Instant> failingSince) {
    }

    /**
     * No witness: not achieved (nobody outside holds the checkpoints that would show a rewritten history). A refusal:
     * not achieved (a witness saw history rewritten or rolled back). A witness unreachable for longer than
     * {@code maxLag}: partially (it catches up by proof once it answers). The sender's knowledge lives in memory: a witness
     * that has taken no checkpoint from this process (the posture command, or a server just started) has not been seen
     * to accept anything, so partially; and a refusal before the last start is not known (said in every finding).
     */
    static Reading witnesses(Witnessing w, Duration maxLag, Instant now) {
        if (w.targets().isEmpty()) {
            return new Reading(WITNESSES, Rating.NOT_ACHIEVED, "No witness is configured: nobody outside the lab holds its checkpoints",
                    List.of(), now);
        }
        List<Evidence> evidence = new ArrayList<>();
        Rating rating = Rating.ACHIEVED;
        List<String> findings = new ArrayList<>();
        for (String target : w.targets()) {
            String refusal = w.refusals().get(target);
            Instant since = w.failingSince().get(target);
            Long size = w.acceptedSize().get(target);
            if (refusal != null) {
                rating = rating.worse(Rating.NOT_ACHIEVED);
                findings.add(target + " refused a checkpoint: " + refusal);
                evidence.add(new Evidence(target, "REFUSED: " + refusal));
            } else if (since != null) {
                Duration lag = Duration.between(since, now);
                if (lag.compareTo(maxLag) > 0) {
                    rating = rating.worse(Rating.PARTIALLY_ACHIEVED);
                    findings.add(target + " has taken no checkpoint for " + words(lag));
                }
                evidence.add(new Evidence(target, "unreachable, missing checkpoints since " + since + " (" + words(lag) + ")"
                        + (size == null ? "" : "; last took the checkpoint of " + size + " events")));
            } else if (size == null) {
                rating = rating.worse(Rating.PARTIALLY_ACHIEVED);
                findings.add(target + " has been sent no checkpoint by this process: not observed");
                evidence.add(new Evidence(target, "no checkpoint sent since this process started"));
            } else {
                evidence.add(new Evidence(target, "took the checkpoint of " + size + " events"));
            }
        }
        evidence.add(new Evidence("allowed lag", words(maxLag)));
        String finding = (findings.isEmpty() ? w.targets().size() + " witness" + (w.targets().size() == 1 ? "" : "es")
                + " took every checkpoint sent and refused none" : String.join("; ", findings))
                + " (" + BEFORE_START + ")";
        return new Reading(WITNESSES, rating, finding, evidence, now);
    }

    /** "3 days", "2 h 5 min", "40 s": how a person reads an age. */
    static String words(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 1) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() >= 1) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
