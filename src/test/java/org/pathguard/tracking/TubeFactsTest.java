package org.pathguard.tracking;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathguard.tracking.TubeFacts.Arrival.ELSEWHERE;
import static org.pathguard.tracking.TubeFacts.Arrival.ON_ITS_WAY;
import static org.pathguard.tracking.TubeFacts.Arrival.RECEIVED;
import static org.pathguard.tracking.TubeFacts.Arrival.REJECTED;

/** The state a tube is in now, as the lab would say it on the phone: one case per state, and which wins when several hold. */
class TubeFactsTest {

    static final Set<String> UE = Set.of("NA", "K", "UREA", "CREA");

    static TubeFacts tube(TubeFacts.Arrival arrival, Set<String> released, Set<String> measured, Set<String> past) {
        return new TubeFacts(arrival, false, null, UE, Set.of(), released, measured, past);
    }

    @Test
    void aTubeOnItsWayIsAwaitedReceivedWithNothingMeasuredIsReceivedAndWithSomeIsInProgress() {
        assertThat(tube(ON_ITS_WAY, Set.of(), Set.of(), Set.of()).judge().state()).isEqualTo(TubeState.AWAITING_SPECIMEN);
        assertThat(tube(RECEIVED, Set.of(), Set.of(), Set.of()).judge().state()).isEqualTo(TubeState.RECEIVED);
        assertThat(tube(RECEIVED, Set.of("NA"), Set.of("NA", "K"), Set.of()).judge().state()).isEqualTo(TubeState.IN_PROGRESS);
        assertThat(tube(RECEIVED, UE, UE, Set.of()).judge().state()).isEqualTo(TubeState.REPORTED);
    }

    @Test
    void aTubeTooOldForAnalytesNotYetResultedNeedsARebleedEvenBeforeItArrives() {
        var judged = tube(RECEIVED, Set.of(), Set.of(), Set.of("K")).judge();
        assertThat(judged.state()).isEqualTo(TubeState.NEEDS_REBLEED);
        assertThat(judged.rebleedFor()).containsExactly("K");
        assertThat(tube(ON_ITS_WAY, Set.of(), Set.of(), Set.of("K")).judge().state()).isEqualTo(TubeState.NEEDS_REBLEED);
        assertThat(tube(RECEIVED, Set.of("NA"), Set.of("NA", "K"), Set.of("K")).judge().state())
                .as("potassium measured in time (not held for the tube's age): no re-bleed").isEqualTo(TubeState.IN_PROGRESS);
        assertThat(tube(RECEIVED, UE, UE, UE).judge().state()).as("everything reported before it aged").isEqualTo(TubeState.REPORTED);
    }

    @Test
    void whatEndedTheTubesStoryWins() {
        assertThat(new TubeFacts(RECEIVED, true, null, UE, Set.of(), Set.of(), Set.of(), UE).judge().state()).isEqualTo(TubeState.CANCELLED);
        assertThat(new TubeFacts(ELSEWHERE, false, "RJZ01", UE, Set.of(), Set.of(), Set.of(), UE).judge().state())
                .isEqualTo(TubeState.DONE_ELSEWHERE);
        assertThat(tube(REJECTED, Set.of(), Set.of(), UE).judge().state()).as("a rejected tube is not re-bled twice").isEqualTo(TubeState.REJECTED);
    }

    @Test
    void aTubeWhoseTestsWentToAPartnerIsReferredUntilItsOwnWorkIsAllThatIsLeft() {
        assertThat(new TubeFacts(RECEIVED, false, null, Set.of(), Set.of("RJZ09"), Set.of(), Set.of(), Set.of()).judge().state())
                .isEqualTo(TubeState.REFERRED);
        assertThat(new TubeFacts(RECEIVED, false, null, Set.of("CRP"), Set.of("RJZ09"), Set.of("CRP"), Set.of("CRP"), Set.of()).judge().state())
                .as("its own test reported, the rest at the partner").isEqualTo(TubeState.REFERRED);
        assertThat(new TubeFacts(RECEIVED, false, null, Set.of("CRP"), Set.of("RJZ09"), Set.of(), Set.of(), Set.of()).judge().state())
                .as("its own test still here").isEqualTo(TubeState.RECEIVED);
    }
}
