package org.pathguard.posture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Route;
import org.pathguard.interop.hl7.Routes;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes approved by two lab managers, read back by the probe (a lab of its own: the approvals raise access alerts). */
class OutboundTransitTest {

    static StandaloneLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = StandaloneLab.startTemporary("pathguard-transit-");
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static void approve(Route route) {
        Routes routes = lab.bean(Routes.class);
        routes.allow(new Actor("admin.one", Actor.Role.ADMINISTRATOR), route.host(), route.port());
        var proposal = routes.propose(new Actor("manager.one", Actor.Role.LAB_MANAGER), route);
        routes.decide(new Actor("manager.two", Actor.Role.LAB_MANAGER), proposal.id(), true, null);
    }

    @Test
    void noRoutesIsAchievedAPlainRouteOnLoopbackPartialAndAPlainRouteAcrossTheNetworkNot() {
        OutboundTransit probe = lab.bean(OutboundTransit.class);
        assertThat(probe.take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);

        approve(new Route("G85001", "127.0.0.1", 2575, "GPSYS", "G85001"));
        Reading loopback = probe.take(Instant.now());
        assertThat(loopback.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(loopback.evidence()).contains(new Evidence("reports to G85001 at 127.0.0.1:2575", "plain MLLP, this machine only"));

        approve(new Route("Y01234", "results.example.nhs.uk", 2575, "GPSYS", "Y01234"));
        Reading network = probe.take(Instant.now());
        assertThat(network.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(network.finding()).isEqualTo("2 of 2 outbound MLLP routes are plain MLLP");
    }
}
