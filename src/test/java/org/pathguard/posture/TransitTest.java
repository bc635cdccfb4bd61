package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.time.Instant;
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

    /** The posture command has no listener: it never says achieved for the one serve runs, which it has not seen. */
    @Test
    void noListenerInThisProcessIsNeverAchieved() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        Reading off = MllpListenerTransit.notRunningHere(new MllpListenerTransit.Configured(false, false, "127.0.0.1", false), now);
        assertThat(off.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(off.finding()).isEqualTo("Not observed: no listener runs in this process; read from the running server");

        Reading tls = MllpListenerTransit.notRunningHere(new MllpListenerTransit.Configured(true, false, "0.0.0.0", true), now);
        assertThat(tls.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(tls.finding()).startsWith("Read from the configuration, not observed");

        Reading plainOnTheNetwork = MllpListenerTransit.notRunningHere(new MllpListenerTransit.Configured(true, true, "0.0.0.0", false), now);
        assertThat(plainOnTheNetwork.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(plainOnTheNetwork.finding()).contains("plain MLLP from the network on 0.0.0.0");
        assertThat(MllpListenerTransit.notRunningHere(new MllpListenerTransit.Configured(true, true, "127.0.0.1", false), now).rating())
                .isEqualTo(Rating.PARTIALLY_ACHIEVED);
    }
}
