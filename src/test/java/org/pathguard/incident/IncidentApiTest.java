package org.pathguard.incident;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/incidents} and the {@code /incident} screen over real HTTP: the two-person declaration and close, refusals as
 * problem+json with nothing written, and every role, a requester, a machine and a request without its CSRF token at
 * every door.
 */
class IncidentApiTest extends LabServerTest {

    private static final String UUID_PATH = "/api/incidents/00000000-0000-0000-0000-000000000001";

    @Autowired
    Incidents incidents;

    @BeforeEach
    @AfterEach
    void noIncidentInForce() {
        IncidentsTest.endAnyIncident(incidents);
    }

    private Api manager() {
        return api("incident.api.manager", "LAB_MANAGER");
    }

    private Api deputy() {
        return api("incident.api.deputy", "LAB_MANAGER");
    }

    private Api authoriser() {
        return api("incident.api.authoriser", "AUTHORISER");
    }

    private static void refused(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo(code);
    }

    @Test
    void aManagerDeclaresASecondPersonConfirmsAndTheCloseTakesTwoPeopleToo() {
        Api.Response declared = manager().post("/api/incidents", Map.of("summary", "Ransomware on the LIS: analysers offline"));
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        String id = declared.json().get("id").asString();
        assertThat(declared.headers().firstValue("Location")).contains("/api/incidents/" + id);
        assertThat(declared.json().get("confirmedAt").isNull()).isTrue();

        JsonNode inForce = api("incident.api.bms", "SCIENTIST").get("/api/incidents/in-force").json();
        assertThat(inForce.get("incident").get("summary").asString()).isEqualTo("Ransomware on the LIS: analysers offline");

        refused(manager().post("/api/incidents/" + id + "/confirmation", Map.of()), 403, "forbidden");
        assertThat(authoriser().post("/api/incidents/" + id + "/confirmation", Map.of()).json().get("confirmedBy").asString())
                .isEqualTo("incident.api.authoriser");

        Api.Response proposed = deputy().post("/api/incidents/" + id + "/close", Map.of("closingSummary", "LIS restored and verified"));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(202);
        assertThat(proposed.json().get("closing").get("proposedBy").asString()).isEqualTo("incident.api.deputy");
        refused(deputy().post("/api/incidents/" + id + "/close/confirmation", Map.of()), 403, "forbidden");
        Api.Response closed = manager().post("/api/incidents/" + id + "/close/confirmation", Map.of());
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("incident").get("closedAt").isNull()).isFalse();
        refused(manager().get("/api/incidents/in-force"), 404, "not-found");
        assertThat(manager().get("/api/incidents").json().get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void refusalsSayWhyAsProblemsAndWriteNothing() {
        String id = manager().post("/api/incidents", Map.of("summary", "Power failure in the core lab")).json().get("id").asString();
        String today = LocalDate.now(org.pathguard.lab.LabTime.ZONE).toString();
        long events = eventCount();

        Api.Response twice = deputy().post("/api/incidents", Map.of("summary", "Power failure declared again"));
        refused(twice, 409, "conflict");
        assertThat(twice.json().get("detail").asString()).startsWith("An incident is already in force since ")
                .endsWith("declared by incident.api.manager: Power failure in the core lab");
        refused(deputy().post("/api/incidents", Map.of("summary", "")), 422, "reason-not-in-words");
        refused(manager().post("/api/incidents/" + id + "/close/confirmation", Map.of()), 409, "conflict");
        refused(manager().post(UUID_PATH + "/confirmation", Map.of()), 404, "not-found");
        refused(manager().post("/api/incidents/" + id + "/figures", figure(LocalDate.parse(today).plusDays(2).toString(), "3")), 422,
                "day-in-future");
        refused(manager().post("/api/incidents/" + id + "/figures", figure(today, "-3")), 422, "value-negative");
        refused(manager().post("/api/incidents/" + id + "/figures", figure(today, "2.5")), 422, "value-not-whole");
        Map<String, Object> noSource = new java.util.HashMap<>(figure(today, "3"));
        noSource.remove("source");
        refused(manager().post("/api/incidents/" + id + "/figures", noSource), 422, "missing-field");
        Api.Response notADay = manager().post("/api/incidents/" + id + "/figures", figure("tomorrow", "3"));
        assertThat(notADay.status()).as(notADay.body()).isEqualTo(400);
        assertThat(eventCount()).isEqualTo(events);

        Api.Response entered = manager().post("/api/incidents/" + id + "/figures", figure(today, "120"));
        assertThat(entered.status()).as(entered.body()).isEqualTo(201);
        JsonNode figures = api("incident.api.auditor", "AUDITOR").get("/api/incidents/" + id + "/figures").json();
        assertThat(figures).hasSize(1);
        assertThat(figures.get(0).get("source").asString()).isEqualTo("trust bed meeting 08:00");
    }

    @Test
    void everyDoorRefusesWhoeverMayNotUseIt() {
        String id = manager().post("/api/incidents", Map.of("summary", "Network outage between the hospital sites"))
                .json().get("id").asString();
        String today = LocalDate.now(org.pathguard.lab.LabTime.ZONE).toString();
        Api requester = api("incident.api.gp", "REQUESTER");
        Api machine = api("incident.api.machine", "INTERFACE");
        Api scientist = api("incident.api.bms", "SCIENTIST");
        Api auditor = api("incident.api.auditor", "AUDITOR");
        Api administrator = api("incident.api.admin", "ADMINISTRATOR");
        Api networkManager = api("incident.api.network", "NETWORK_MANAGER");
        Api forged = deputy().withoutHeader("X-CSRF-TOKEN");
        authoriser();
        long events = eventCount();

        for (Api notAManager : List.of(requester, scientist, auditor, administrator, networkManager, authoriser())) {
            refused(notAManager.post("/api/incidents", Map.of("summary", "Declared by the wrong role")), 403, "forbidden");
            refused(notAManager.post("/api/incidents/" + id + "/close", Map.of("closingSummary", "Closed by the wrong role")), 403, "forbidden");
            refused(notAManager.post("/api/incidents/" + id + "/figures", figure(today, "3")), 403, "forbidden");
        }
        for (Api notASecond : List.of(requester, scientist, auditor, administrator, networkManager)) {
            refused(notASecond.post("/api/incidents/" + id + "/confirmation", Map.of()), 403, "forbidden");
            refused(notASecond.post("/api/incidents/" + id + "/close/confirmation", Map.of()), 403, "forbidden");
        }
        // A requester sees that the lab is in an incident (every screen says so) but not the figures about other organisations.
        assertThat(requester.get("/api/incidents/in-force").status()).isEqualTo(200);
        refused(requester.get("/api/incidents/" + id + "/figures"), 403, "forbidden");
        // Machines reach only their scopes' addresses.
        for (String path : List.of("/api/incidents", "/api/incidents/in-force", "/api/incidents/" + id, "/api/incidents/" + id + "/figures")) {
            assertThat(machine.get(path).status()).as(path).isEqualTo(403);
        }
        assertThat(machine.post("/api/incidents", Map.of("summary", "Declared by a machine credential")).status()).isEqualTo(403);
        assertThat(machine.post("/api/incidents/" + id + "/confirmation", Map.of()).status()).isEqualTo(403);
        // A session's request without its CSRF token, to the API and to the screen's forms.
        refused(forged.post("/api/incidents/" + id + "/confirmation", Map.of()), 403, "csrf-token-required");
        // A screen's form without its token is sent to sign in again, as for a session that has ended.
        for (String form : List.of("/incident", "/incident/" + id + "/confirmation", "/incident/" + id + "/figures")) {
            Api.Response r = forged.postForm(form, Map.of("summary", "Forged", "organisationOds", "RJ1"));
            assertThat(r.status()).as(form).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElseThrow()).as(form).contains("/sign-in");
        }
        // The screen: not for requesters or machines; its forms refuse the wrong role.
        assertThat(requester.get("/incident").status()).isEqualTo(403);
        assertThat(machine.get("/incident").status()).isIn(401, 403);
        assertThat(scientist.postForm("/incident/" + id + "/close", Map.of("closingSummary", "Closed by a scientist")).status())
                .isEqualTo(403);
        assertThat(scientist.postForm("/incident/" + id + "/figures", Map.of("organisationOds", "RJ1")).status()).isEqualTo(403);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(incidents.incident(java.util.UUID.fromString(id)).confirmed()).isFalse();

        // Every person signed in sees the banner on any screen, unconfirmed until a second person confirms.
        for (Api person : List.of(requester, scientist, auditor, administrator)) {
            String page = person.get(person == requester ? "/patients" : person == administrator || person == auditor ? "/admin" : "/").body();
            assertThat(page).contains("data-testid=\"incident-banner\"").contains("Network outage between the hospital sites")
                    .contains("awaiting a second person");
        }
    }

    private static Map<String, Object> figure(String day, String value) {
        return Map.of("organisationOds", "RJ1", "organisationName", "Guy's and St Thomas'", "day", day,
                "kind", "OUTPATIENT_APPOINTMENTS_POSTPONED", "value", new java.math.BigDecimal(value), "source", "trust bed meeting 08:00");
    }
}
