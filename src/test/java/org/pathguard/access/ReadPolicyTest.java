package org.pathguard.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read policy, budget, reading patterns and TOTP as plain Java. */
class ReadPolicyTest {

    private static final String LAB = "PGLAB";
    private static final ReadPolicy.PatientRelations ORDERED_BY_G85001 = new ReadPolicy.PatientRelations(Set.of("G85001"));

    @Test
    void aRequesterReadsPatientsTheirOrganisationOrderedFor() {
        assertThat(ReadPolicy.decide(new Actor("gp", Actor.Role.REQUESTER, "G85001", null), LAB, ORDERED_BY_G85001))
                .isEqualTo(ReadPolicy.Reason.CARE_RELATIONSHIP);
        assertThatThrownBy(() -> ReadPolicy.decide(new Actor("gp", Actor.Role.REQUESTER, "G85013", null), LAB, ORDERED_BY_G85001))
                .isInstanceOf(ReadRefused.class).hasMessageContaining("break-glass");
    }

    @Test
    void labStaffReadTheirLabsWorkOnly() {
        assertThat(ReadPolicy.decide(new Actor("bms", Actor.Role.SCIENTIST, LAB, null), LAB, ORDERED_BY_G85001))
                .isEqualTo(ReadPolicy.Reason.LAB_WORK);
        assertThatThrownBy(() -> ReadPolicy.decide(new Actor("bms", Actor.Role.SCIENTIST, "OTHER", null), LAB, ORDERED_BY_G85001))
                .isInstanceOf(ReadRefused.class);
        assertThatThrownBy(() -> ReadPolicy.decide(new Actor("bms", Actor.Role.SCIENTIST, LAB, null), LAB,
                new ReadPolicy.PatientRelations(Set.of()))).as("no work for the patient").isInstanceOf(ReadRefused.class);
    }

    @Test
    void aNetworkManagerReadsNoPatientNotEvenByBreakGlass() {
        Actor manager = new Actor("nm", Actor.Role.NETWORK_MANAGER, LAB, null);
        assertThatThrownBy(() -> ReadPolicy.decide(manager, LAB, ORDERED_BY_G85001)).isInstanceOf(ReadRefused.class)
                .hasMessageContaining("network manager");
        assertThatThrownBy(() -> ReadPolicy.decide(manager.withBreakGlass("unconscious patient in ED, no GP record"), LAB,
                ORDERED_BY_G85001)).isInstanceOf(ReadRefused.class).hasMessageContaining("network manager");
    }

    @Test
    void aBreakGlassReasonIsWordsThatSayWhyNotDotsOrOneKeyHeldDown() {
        assertThat(ReadPolicy.saysWhy("Unconscious in ED, no records")).isTrue();
        assertThat(ReadPolicy.saysWhy("Collapsed at home, GP closed")).isTrue();
        assertThat(ReadPolicy.saysWhy("Urgence vitale, aucun dossier")).as("any language").isTrue();
        assertThat(ReadPolicy.saysWhy("..........")).isFalse();
        assertThat(ReadPolicy.saysWhy("aaaaaaaaaaaaaaaa")).isFalse();
        assertThat(ReadPolicy.saysWhy("asdf asdf asdf")).as("too few different letters").isFalse();
        assertThat(ReadPolicy.saysWhy("1234567890 999")).isFalse();
        assertThat(ReadPolicy.saysWhy("emergency")).as("shorter than ten").isFalse();
        assertThat(ReadPolicy.saysWhy("          urgent          ")).as("one word padded").isFalse();
    }

    @Test
    void administratorsAndAuditorsNeedBreakGlassAndMachinesNeverRead() {
        Actor admin = new Actor("admin", Actor.Role.ADMINISTRATOR, LAB, null);
        assertThatThrownBy(() -> ReadPolicy.decide(admin, LAB, ORDERED_BY_G85001)).isInstanceOf(ReadRefused.class);
        assertThat(ReadPolicy.decide(admin.withBreakGlass("Patient collapsed in clinic"), LAB, ORDERED_BY_G85001))
                .isEqualTo(ReadPolicy.Reason.BREAK_GLASS);
        assertThatThrownBy(() -> ReadPolicy.decide(admin.withBreakGlass("  because "), LAB, ORDERED_BY_G85001))
                .hasMessageContaining("at least 10 characters");
        Actor machine = new Actor("analyser", Actor.Role.INTERFACE, LAB, "Patient collapsed in clinic");
        assertThatThrownBy(() -> ReadPolicy.decide(machine, LAB, ORDERED_BY_G85001)).hasMessageContaining("Machine credentials");
    }

    @Test
    void theBudgetCountsDistinctPatients() {
        ReadBudget budget = new ReadBudget(2, Duration.ofHours(8));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        assertThat(budget.allows(Set.of(a), List.of(a, b))).isTrue();
        assertThat(budget.allows(Set.of(a, b), List.of(a))).as("re-reading costs nothing").isTrue();
        assertThat(budget.allows(Set.of(a, b), List.of(c))).isFalse();
        assertThat(budget.allows(Set.of(), List.of(a, b, c))).as("a list over budget is refused whole").isFalse();
    }

    @Test
    void scrapingPatternsAreRecognised() {
        ReadingPatterns p = ReadingPatterns.DEFAULTS;
        assertThat(p.walking(List.of(100L, 101L, 102L, 103L, 104L))).isPresent();
        assertThat(p.walking(List.of(500L, 490L, 480L, 470L, 460L))).as("downwards in tens").isPresent();
        assertThat(p.walking(List.of(100L, 101L, 102L, 103L))).as("too short").isEmpty();
        assertThat(p.walking(List.of(100L, 101L, 102L, 50_000L, 50_001L))).isEmpty();
        assertThat(p.walking(List.of(100L, 100L, 100L, 100L, 100L))).as("the same patient again").isEmpty();
        assertThat(p.outOfHours(LocalTime.of(2, 30), 25)).isPresent();
        assertThat(p.outOfHours(LocalTime.of(14, 0), 25)).isEmpty();
        assertThat(p.outOfHours(LocalTime.of(2, 30), 5)).isEmpty();
        assertThat(p.suddenJump(Actor.Role.REQUESTER, 100, 10, 30)).isPresent();
        assertThat(p.suddenJump(Actor.Role.REQUESTER, 25, 1, 30)).as("below the floor").isEmpty();
        assertThat(p.suddenJump(Actor.Role.REQUESTER, 100, 40, 30)).isEmpty();
    }

    @Test
    void totpCodesAreAcceptedOnceWithinOneStepOfNow() {
        byte[] secret = SecondFactor.newSecret();
        Instant now = Instant.parse("2026-11-21T10:00:10Z");
        String code = SecondFactor.code(secret, now);
        long step = SecondFactor.verify(secret, code, now, 0).orElseThrow();
        assertThat(SecondFactor.verify(secret, code, now, step)).as("no replay").isEmpty();
        assertThat(SecondFactor.verify(secret, code, now.plusSeconds(30), 0)).as("a step late is forgiven").isPresent();
        assertThat(SecondFactor.verify(secret, code, now.plusSeconds(90), 0)).isEmpty();
        assertThat(SecondFactor.verify(secret, "12345", now, 0)).isEmpty();
        assertThat(SecondFactor.fromBase32(SecondFactor.base32(secret))).isEqualTo(secret);
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which authenticator apps show the last six digits.
        assertThat(SecondFactor.code("12345678901234567890".getBytes(), Instant.ofEpochSecond(59))).isEqualTo("287082");
    }
}
