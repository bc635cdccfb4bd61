package org.pathguard.incident;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * At the network router ({@code pathguard.mode=router}) an incident is the network's: a network manager declares it over
 * the API, another confirms it, a lab manager signed in at the router can do neither, and the router's screens carry the
 * banner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkIncidentTest {

    private StandaloneLab router;

    @BeforeAll
    void startRouter() throws Exception {
        router = StandaloneLab.startTemporary("pathguard-router-incident-", "--pathguard.mode=router",
                "--pathguard.router.network-name=the south-east London pathology network");
    }

    @AfterAll
    void stopRouter() {
        if (router != null) {
            router.close();
        }
    }

    private Api person(String name, Actor.Role role) {
        Accounts.Secrets s = router.bean(Accounts.class).createEnrolled(Actor.SYSTEM, name, role, "PGNET");
        return Api.person(router.port(), s.username(), s.password(), s.totpSecret());
    }

    @Test
    void theRouterDeclaresTheNetworksIncidentWithASecondNetworkManager() {
        Api first = person("net.incident-one", Actor.Role.NETWORK_MANAGER);
        Api second = person("net.incident-two", Actor.Role.NETWORK_MANAGER);
        Api labManager = person("net.incident-lab", Actor.Role.LAB_MANAGER);

        Api.Response refused = labManager.post("/api/incidents", Map.of("summary", "A lab manager declares at the router"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);

        Api.Response declared = first.post("/api/incidents", Map.of("summary", "Cyber attack on Lab A: its work goes to partners"));
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        assertThat(declared.json().get("scope").asString()).isEqualTo("NETWORK");
        assertThat(declared.json().get("labOds").isNull()).isTrue();
        assertThat(declared.json().get("name").asString()).isEqualTo("the south-east London pathology network");
        String id = declared.json().get("id").asString();

        assertThat(first.post("/api/incidents/" + id + "/confirmation", Map.of()).status()).isEqualTo(403);
        assertThat(labManager.post("/api/incidents/" + id + "/confirmation", Map.of()).status()).isEqualTo(403);
        Api.Response confirmed = second.post("/api/incidents/" + id + "/confirmation", Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("confirmedBy").asString()).isEqualTo("net.incident-two");

        String network = labManager.get("/network").body();
        assertThat(network).contains("data-testid=\"incident-banner\"").contains("Cyber attack on Lab A")
                .doesNotContain("awaiting a second person");
        assertThat(first.get("/incident").body()).contains("href=\"/incident\"").contains("the south-east London pathology network");

        Incidents incidents = router.bean(Incidents.class);
        assertThat(incidents.scope()).isEqualTo(Incident.Scope.NETWORK);
        assertThatThrownBy(() -> incidents.proposeClose(new Actor("net.incident-lab", Actor.Role.LAB_MANAGER, "PGNET", null),
                incidents.inForce().orElseThrow().id(), "A lab manager closes the network's incident")).isInstanceOf(ForbiddenAction.class);
    }
}
