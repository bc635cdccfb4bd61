package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** B3.b's rule, without a server. */
class TransitTest {

    @Test
    void tlsEverywhereIsAchievedAndNothingToSendIsToo() {
        assertThat(Transit.rate(List.of(new Transit("reports to G85001", "results.example.nhs.uk", true),
                new Transit("listener", "0.0.0.0", true)))).isEqualTo(Rating.ACHIEVED);
        assertThat(Transit.rate(List.of())).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void plainMllpOnThisMachineOnlyIsPartiallyAchieved() {
        for (String loopback : List.of("127.0.0.1", "localhost", "::1", "127.0.0.2")) {
            assertThat(Transit.rate(List.of(new Transit("listener", loopback, false), new Transit("route", "partner.nhs.uk", true))))
                    .as(loopback).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        }
    }

    @Test
    void plainMllpAcrossTheNetworkIsNotAchieved() {
        assertThat(Transit.rate(List.of(new Transit("listener", "127.0.0.1", false), new Transit("listener", "0.0.0.0", false))))
                .isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(Transit.rate(List.of(new Transit("route", "10.1.2.3", false)))).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(Transit.evidence(List.of(new Transit("reports to G85001 at 10.1.2.3:2575", "10.1.2.3", false))))
                .containsExactly(new Evidence("reports to G85001 at 10.1.2.3:2575", "plain MLLP across the network"));
    }
}
