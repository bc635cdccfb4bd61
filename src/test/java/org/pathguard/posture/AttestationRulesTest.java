package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;

/** What an attestation must say and when it lapses, in plain Java. */
class AttestationRulesTest {

    private static final Indicator DRILL = ManualIndicators.byId("d1c-exercised-with-partner-labs").orElseThrow();
    private static final Instant ATTESTED = Instant.parse("2026-03-10T10:00:00Z");
    private static final Attestation LATEST = new Attestation(DRILL.id(), "https://intranet/drill-report", "Exercised with both partner labs",
            "jo.bloggs/LAB_MANAGER", ATTESTED);

    @Test
    void anAttestationCountsUntilTheSameDayAYearLaterThenLapses() {
        Instant lapses = Instant.parse("2027-03-10T10:00:00Z");
        assertThat(AttestationRules.lapsesAt(ATTESTED, Period.ofYears(1))).isEqualTo(lapses);

        Reading before = AttestationRules.reading(DRILL, LATEST, lapses.minusSeconds(1), Period.ofYears(1));
        assertThat(before.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(before.finding()).isEqualTo("Attested: attested by jo.bloggs on 10 Mar 2026");
        assertThat(before.evidence()).contains(new Evidence("lapses on", "10 Mar 2027"));
        assertThat(before.takenAt()).isEqualTo(ATTESTED);

        Reading after = AttestationRules.reading(DRILL, LATEST, lapses, Period.ofYears(1));
        assertThat(after.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(after.finding()).isEqualTo("Lapsed on 10 Mar 2027: attested by jo.bloggs on 10 Mar 2026");
        assertThat(after.evidence()).contains(new Evidence("lapsed on", "10 Mar 2027"));
    }

    @Test
    void aShorterPeriodALabChoosesLapsesSooner() {
        assertThat(AttestationRules.reading(DRILL, LATEST, Instant.parse("2026-09-10T10:00:00Z"), Period.ofMonths(6)).rating())
                .isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(AttestationRules.reading(DRILL, LATEST, Instant.parse("2026-09-09T10:00:00Z"), Period.ofMonths(6)).rating())
                .isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void neverAttestedIsNotAchieved() {
        Reading never = AttestationRules.reading(DRILL, null, ATTESTED, Period.ofYears(1));
        assertThat(never.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(never.finding()).isEqualTo("Not attested");
    }

    @Test
    void aGoodAttestationHasNoProblems() {
        assertThat(AttestationRules.problems(" d1c-exercised-with-partner-labs ", "https://intranet/drill-report",
                "Exercised with both partner labs on 3 Nov 2026\nActions tracked in the report")).isEmpty();
    }

    @Test
    void eachFieldIsCheckedOnItsOwn() {
        assertThat(AttestationRules.problems(null, "ref", "Exercised with both partner labs")).extracting(AttestationRules.Problem::code)
                .containsExactly("missing-field");
        assertThat(AttestationRules.problems("b2a-second-factor", "ref", "Exercised with both partner labs"))
                .extracting(AttestationRules.Problem::field, AttestationRules.Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("indicatorId", "unknown-indicator"));
        assertThat(AttestationRules.problems(DRILL.id(), "  ", "Exercised with both partner labs"))
                .extracting(AttestationRules.Problem::field).containsExactly("evidence");
        assertThat(AttestationRules.problems(DRILL.id(), "x".repeat(AttestationRules.LONGEST_EVIDENCE), "Exercised with both partner labs"))
                .isEmpty();
        assertThat(AttestationRules.problems(DRILL.id(), "x".repeat(AttestationRules.LONGEST_EVIDENCE + 1), "Exercised with both partner labs"))
                .extracting(AttestationRules.Problem::code).containsExactly("text-too-long");
        assertThat(AttestationRules.problems(DRILL.id(), "line one\nline two", "Exercised with both partner labs"))
                .extracting(AttestationRules.Problem::code).containsExactly("invalid-character");
        assertThat(AttestationRules.problems(DRILL.id(), "ref", "done")).extracting(AttestationRules.Problem::code)
                .containsExactly("reason-not-in-words");
        assertThat(AttestationRules.problems(DRILL.id(), "ref", "Exercised " + "with partners ".repeat(200)))
                .extracting(AttestationRules.Problem::code).containsExactly("text-too-long");
        assertThat(AttestationRules.problems(DRILL.id(), "ref", "Exercised with both\u0007 partner labs"))
                .extracting(AttestationRules.Problem::code).containsExactly("invalid-character");
    }

    @Test
    void manualIndicatorIdsAreLowerCaseWithHyphensPrefixedByTheirOutcome() {
        for (Indicator indicator : ManualIndicators.ALL) {
            assertThat(indicator.id()).matches("[a-z0-9]+(-[a-z0-9]+)+")
                    .startsWith(indicator.outcome().code().replace(".", "").toLowerCase(java.util.Locale.ROOT) + "-");
            assertThat(indicator.kind()).isEqualTo(Indicator.Kind.MANUAL);
        }
    }
}
