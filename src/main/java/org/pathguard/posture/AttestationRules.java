package org.pathguard.posture;

import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabTime;

import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an attestation must say, and what a manual indicator reads from its latest one: achieved until it lapses (a
 * year after, by default: the toolkit is submitted yearly), then not achieved until someone attests again.
 */
public final class AttestationRules {

    /** Room for a document's full address on a shared drive or an intranet; not for pasting the document itself. */
    public static final int LONGEST_EVIDENCE = 500;

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK).withZone(LabTime.ZONE);

    /** One thing wrong with an attestation, named by the form's (and the API's) field. */
    public record Problem(String field, String code, String message) {
    }

    private AttestationRules() {
    }

    /**
     * Every problem with an attestation, in the form's order; empty when it may be recorded. Messages say what to do
     * without naming the field, since a screen shows each beside its field.
     */
    public static List<Problem> problems(String indicatorId, String evidence, String statement) {
        List<Problem> problems = new ArrayList<>();
        if (indicatorId == null || indicatorId.isBlank()) {
            problems.add(new Problem("indicatorId", "missing-field", "Choose the indicator you attest"));
        } else if (ManualIndicators.byId(indicatorId.strip()).isEmpty()) {
            problems.add(new Problem("indicatorId", "unknown-indicator", "No indicator is attested by that id; the ones attested are "
                    + String.join(", ", ManualIndicators.ALL.stream().map(Indicator::id).toList())));
        }
        String reference = evidence == null ? "" : evidence.strip();
        if (reference.isEmpty()) {
            problems.add(new Problem("evidence", "missing-field", "Give a link or reference to the evidence, e.g. the exercise report's address"));
        } else if (reference.length() > LONGEST_EVIDENCE) {
            problems.add(new Problem("evidence", "text-too-long", "Give a link or reference of at most " + LONGEST_EVIDENCE
                    + " characters: the evidence itself stays where it is kept"));
        } else if (reference.chars().anyMatch(Character::isISOControl)) {
            problems.add(new Problem("evidence", "invalid-character", "Give the link or reference on one line, without control characters"));
        }
        String words = statement == null ? "" : statement.strip();
        if (!FreeText.saysWhy(words)) {
            problems.add(new Problem("statement", "reason-not-in-words", "Say in words what was done and when: at least "
                    + FreeText.SHORTEST_REASON + " characters and two words (for example \"Exercised with both partner labs on 3 Nov 2026\")"));
        } else if (words.length() > FreeText.LONGEST_NOTE) {
            problems.add(new Problem("statement", "text-too-long", "Keep the statement to " + FreeText.LONGEST_NOTE
                    + " characters; link to the longer account as the evidence"));
        } else if (words.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            problems.add(new Problem("statement", "invalid-character", "The statement contains control characters"));
        }
        return problems;
    }

    /** When an attestation made at {@code attestedAt} stops counting: the same UK day {@code lasts} later. */
    static Instant lapsesAt(Instant attestedAt, Period lasts) {
        return attestedAt.atZone(LabTime.ZONE).plus(lasts).toInstant();
    }

    /** The manual indicator's reading from its latest attestation ({@code null} when never attested). */
    static Reading reading(Indicator indicator, Attestation latest, Instant now, Period lasts) {
        if (latest == null) {
            return new Reading(indicator, Rating.NOT_ACHIEVED, "Not attested", List.of(), now);
        }
        Instant lapses = lapsesAt(latest.attestedAt(), lasts);
        String who = "attested by " + person(latest.attestedBy()) + " on " + DAY.format(latest.attestedAt());
        List<Evidence> evidence = List.of(new Evidence("attested by", latest.attestedBy()),
                new Evidence("attested on", DAY.format(latest.attestedAt())),
                new Evidence("evidence", latest.evidence()),
                new Evidence("statement", latest.statement()),
                new Evidence(now.isBefore(lapses) ? "lapses on" : "lapsed on", DAY.format(lapses)));
        if (now.isBefore(lapses)) {
            return new Reading(indicator, Rating.ACHIEVED, "Attested: " + who, evidence, latest.attestedAt());
        }
        return new Reading(indicator, Rating.NOT_ACHIEVED, "Lapsed on " + DAY.format(lapses) + ": " + who, evidence, latest.attestedAt());
    }

    /** The person's name without the role the log adds to it. */
    private static String person(String logName) {
        int slash = logName.lastIndexOf('/');
        return slash < 0 ? logName : logName.substring(0, slash);
    }
}
