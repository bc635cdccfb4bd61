package org.pathguard.lab;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddOnTest {

    private static final LabTest BONE = new LabTest("BONE", "Bone profile", "Clinical biochemistry", false, "SER",
            List.of("CA", "ACA", "PHOS", "ALP", "ALB"), Map.of(Priority.ROUTINE, 240, Priority.URGENT, 60, Priority.CRITICAL, 30), 0);

    @Test
    void anAddedTestIsDoneOnTheReceivedSpecimenThatSuitsIt() {
        var edta = new AddOn.Tube("B1", "EDTA", "RECEIVED");
        var serum = new AddOn.Tube("B2", "SER", "RECEIVED");
        assertThat(AddOn.tubeFor(BONE, List.of("UE", "FBC"), List.of(edta, serum))).isEqualTo(serum);
    }

    @Test
    void aTestAlreadyOnTheOrderIsNotAddedAgain() {
        assertThatThrownBy(() -> AddOn.tubeFor(BONE, List.of("BONE"), List.of(new AddOn.Tube("B2", "SER", "RECEIVED"))))
                .isInstanceOf(Conflict.class).hasMessageContaining("already on this order");
    }

    @Test
    void aSpecimenOfTheWrongTypeIsRefusedWithWhatItNeeds() {
        assertThatThrownBy(() -> AddOn.tubeFor(BONE, List.of("FBC"), List.of(new AddOn.Tube("B1", "EDTA", "RECEIVED"))))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("needs a SER specimen").hasMessageContaining("EDTA");
    }

    @Test
    void aRejectedOrNotYetReceivedSpecimenTakesNoAddOn() {
        assertThatThrownBy(() -> AddOn.tubeFor(BONE, List.of("UE"), List.of(new AddOn.Tube("B2", "SER", "REJECTED"))))
                .isInstanceOf(Conflict.class).hasMessageContaining("was rejected");
        assertThatThrownBy(() -> AddOn.tubeFor(BONE, List.of("UE"), List.of(new AddOn.Tube("B2", "SER", "COLLECTED"))))
                .isInstanceOf(Conflict.class).hasMessageContaining("not been received");
        // A repeat tube received after the rejected one takes it.
        var repeat = new AddOn.Tube("B3", "SER", "RECEIVED");
        assertThat(AddOn.tubeFor(BONE, List.of("UE"), List.of(new AddOn.Tube("B2", "SER", "REJECTED"), repeat))).isEqualTo(repeat);
    }

    @Test
    void theAddedTestHasItsOwnTargetFromWhenItWasAskedFor() {
        Instant received = Instant.parse("2026-03-02T09:00:00Z");
        assertThat(AddOn.targetMinutes(240, received, received.plusSeconds(60 * 60), 60)).isEqualTo(240);
        assertThat(AddOn.targetMinutes(240, received, received.plusSeconds(5 * 60 * 60), 240)).isEqualTo(540);
        assertThat(AddOn.targetMinutes(60, null, received, 240)).isEqualTo(240);
    }
}
