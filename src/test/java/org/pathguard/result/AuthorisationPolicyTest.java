package org.pathguard.result;

import org.junit.jupiter.api.Test;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Priority;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathguard.lab.HoldReason.ANALYSER_FLAG;
import static org.pathguard.lab.HoldReason.CRITICAL;
import static org.pathguard.lab.HoldReason.DELTA_EXCEEDED;
import static org.pathguard.lab.HoldReason.NO_REFERENCE_RANGE;
import static org.pathguard.lab.HoldReason.OUTSIDE_REFERENCE_RANGE;
import static org.pathguard.lab.HoldReason.TEXT_RESULT;

/** Who may authorise what, without Spring: the settings as application.properties ships them. */
class AuthorisationPolicyTest {

    private static final Map<String, String> SHIPPED = Map.of(
            "pathguard.authorisation.scientist.hold-reasons", "OUTSIDE_REFERENCE_RANGE, NO_REFERENCE_RANGE, TEXT_RESULT",
            "pathguard.authorisation.scientist.priorities", "ROUTINE",
            "pathguard.authorisation.authoriser.hold-reasons", "CRITICAL,OUTSIDE_REFERENCE_RANGE,NO_REFERENCE_RANGE,ANALYSER_FLAG,DELTA_EXCEEDED,TEXT_RESULT,QC,PAST_STABILITY",
            "pathguard.authorisation.authoriser.priorities", "CRITICAL,URGENT,ROUTINE");

    private final AuthorisationPolicy policy = AuthorisationPolicy.fromSettings(SHIPPED::get);
    private final Actor scientist = new Actor("mla.jones", Actor.Role.SCIENTIST);

    @Test
    void aBiomedicalScientistAuthorisesRoutineResultsHeldOnlyForRoutineReasons() {
        assertThat(policy.allows(Actor.Role.SCIENTIST, Priority.ROUTINE, List.of(OUTSIDE_REFERENCE_RANGE))).isTrue();
        assertThat(policy.allows(Actor.Role.SCIENTIST, Priority.ROUTINE, List.of(NO_REFERENCE_RANGE, TEXT_RESULT))).isTrue();
        assertThat(policy.allows(Actor.Role.SCIENTIST, Priority.URGENT, List.of(OUTSIDE_REFERENCE_RANGE))).as("urgent work").isFalse();
        for (HoldReason second : List.of(CRITICAL, DELTA_EXCEEDED, ANALYSER_FLAG, HoldReason.QC, HoldReason.PAST_STABILITY)) {
            assertThat(policy.allows(Actor.Role.SCIENTIST, Priority.ROUTINE, List.of(OUTSIDE_REFERENCE_RANGE, second)))
                    .as("every reason must be allowed, not just one: " + second).isFalse();
        }
        assertThat(policy.scope(Actor.Role.SCIENTIST))
                .isEqualTo("routine results held only for outside reference range, no reference range or text result");
    }

    @Test
    void anAuthoriserAuthorisesEverythingAndOtherRolesNothing() {
        for (Priority p : Priority.values()) {
            assertThat(policy.allows(Actor.Role.AUTHORISER, p, List.of(HoldReason.values()))).isTrue();
        }
        assertThat(policy.scope(Actor.Role.AUTHORISER)).isEqualTo("results held for any reason");
        for (Actor.Role role : List.of(Actor.Role.LAB_MANAGER, Actor.Role.REQUESTER, Actor.Role.INTERFACE)) {
            assertThat(policy.authorisesAnything(role)).isFalse();
            assertThat(policy.allows(role, Priority.ROUTINE, List.of(OUTSIDE_REFERENCE_RANGE))).isFalse();
        }
    }

    @Test
    void aRefusalSaysWhatTheRoleMayAuthoriseAndWhoMustAuthoriseThisOne() {
        assertThatThrownBy(() -> policy.check(scientist, Priority.ROUTINE, List.of(CRITICAL)))
                .isInstanceOf(ForbiddenAction.class)
                .hasMessageContaining("As a biomedical scientist you may authorise routine results held only for")
                .hasMessageContaining("this one is routine, held for critical")
                .hasMessageContaining("A clinical scientist or pathologist must authorise it");
        policy.check(scientist, Priority.ROUTINE, List.of(OUTSIDE_REFERENCE_RANGE));
    }

    @Test
    void noSettingGivesAnyoneButAnAuthoriserAResultThatNeedsConfirmation() {
        assertThatThrownBy(() -> AuthorisationPolicy.fromSettings(Map.of(
                "pathguard.authorisation.scientist.hold-reasons", "OUTSIDE_REFERENCE_RANGE,DELTA_EXCEEDED",
                "pathguard.authorisation.scientist.priorities", "ROUTINE")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pathguard.authorisation.scientist.hold-reasons lists [DELTA_EXCEEDED]");
        assertThatThrownBy(() -> AuthorisationPolicy.fromSettings(Map.of(
                "pathguard.authorisation.scientist.hold-reasons", "OUTSIDE_REFERENCE_RANGE,QC",
                "pathguard.authorisation.scientist.priorities", "ROUTINE")::get))
                .as("a result held for a failed QC is confirmed by a clinical scientist or pathologist")
                .hasMessageContaining("lists [QC]").hasMessageContaining("a failed QC");
        assertThatThrownBy(() -> AuthorisationPolicy.fromSettings(Map.of(
                "pathguard.authorisation.scientist.hold-reasons", "OUTSIDE_REFERENCE_RANGE,PAST_STABILITY",
                "pathguard.authorisation.scientist.priorities", "ROUTINE")::get))
                .as("a result from a tube past its stability is confirmed by a clinical scientist or pathologist")
                .hasMessageContaining("lists [PAST_STABILITY]").hasMessageContaining("a tube past its stability");
        assertThatThrownBy(() -> AuthorisationPolicy.fromSettings(Map.of(
                "pathguard.authorisation.lab-manager.hold-reasons", "TEXT_RESULT",
                "pathguard.authorisation.lab-manager.priorities", "ROUTINE")::get))
                .hasMessageContaining("Only biomedical scientists and authorisers authorise results");
        assertThatThrownBy(() -> AuthorisationPolicy.fromSettings(Map.of(
                "pathguard.authorisation.scientist.hold-reasons", "OUT_OF_RANGE")::get))
                .hasMessageContaining("'OUT_OF_RANGE' is not one of");
    }

    @Test
    void withNoSettingsNobodyAuthorises() {
        AuthorisationPolicy none = AuthorisationPolicy.fromSettings(key -> null);
        assertThat(none.authorisesAnything(Actor.Role.AUTHORISER)).isFalse();
        assertThatThrownBy(() -> none.check(new Actor("cs.smith", Actor.Role.AUTHORISER), Priority.ROUTINE, List.of(TEXT_RESULT)))
                .hasMessageContaining("does not authorise results");
    }
}
