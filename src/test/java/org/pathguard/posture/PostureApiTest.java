package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.audit.Checkpoints;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/posture} over real HTTP: the report as JSON, an attestation refused with each wrong field named and nothing
 * written, a good one turning its indicator achieved, the evidence pack as a zip that checks; and every role, another
 * organisation's manager, a machine, no session and no CSRF token at every door.
 */
class PostureApiTest extends LabServerTest {

    private static final Map<String, String> GOOD = Map.of("indicatorId", "a4a-hosting-supplier-assured",
            "evidence", "https://intranet.example.nhs.uk/procurement/hosting-dspt-2026.pdf",
            "statement", "Hosting supplier's DSPT status checked: Standards Met, published 30 June 2026");

    @Autowired
    Checkpoints checkpoints;

    private Api manager() {
        return api("posture.api.manager", "LAB_MANAGER");
    }

    private long attestations() {
        return db.sql("select count(*) from posture_attestation").query(Long.class).single();
    }

    private static JsonNode indicator(JsonNode report, String id) {
        for (JsonNode outcome : report.get("outcomes")) {
            for (JsonNode indicator : outcome.get("indicators")) {
                if (indicator.get("id").asString().equals(id)) {
                    return indicator;
                }
            }
        }
        throw new AssertionError("No indicator " + id);
    }

    private HttpResponse<byte[]> download(Api who) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/posture/evidence-pack"))
                .POST(HttpRequest.BodyPublishers.noBody());
        who.headers().forEach(b::header);
        if (!who.headers().containsKey("Authorization")) {
            b.header("Cookie", who.cookie());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theLabManagerReadsThePostureAsJson() {
        Api.Response r = manager().get("/api/posture");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode report = r.json();
        assertThat(report.get("lab").get("odsCode").asString()).isEqualTo(LAB);
        assertThat(indicator(report, "c1b-chain-verifies").get("kind").asString()).isEqualTo("AUTOMATED");
        assertThat(indicator(report, "d1c-exercised-with-partner-labs").get("kind").asString()).isEqualTo("MANUAL");
    }

    @Test
    void aWrongAttestationIsRefusedFieldByFieldAndWritesNothing() {
        long before = attestations();
        Api.Response r = manager().post("/api/posture/attestations", Map.of("indicatorId", "b2a-second-factor", "evidence", "",
                "statement", "yes"));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("unknown-indicator");
        assertThat(r.json().get("fields").propertyNames()).containsExactly("indicatorId", "evidence", "statement");
        assertThat(r.json().get("detail").asString()).contains("indicatorId: ", "evidence: ", "statement: ");

        Api.Response malformed = manager().post("/api/posture/attestations", "application/json", "{\"indicatorId\": ");
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(attestations()).isEqualTo(before);
    }

    @Test
    void aGoodAttestationTurnsItsIndicatorAchieved() {
        Api.Response r = api("posture.api.auditor", "AUDITOR").post("/api/posture/attestations", GOOD);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("attestedBy").asString()).isEqualTo("posture.api.auditor/AUDITOR");
        JsonNode indicator = indicator(manager().get("/api/posture").json(), "a4a-hosting-supplier-assured");
        assertThat(indicator.get("rating").asString()).isEqualTo("ACHIEVED");
    }

    @Test
    void theEvidencePackDownloadsAsAZipThatChecks() throws Exception {
        HttpResponse<byte[]> r = download(api("posture.api.auditor", "AUDITOR"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("posture-evidence-pack-" + LAB + "-");
        assertThat(EvidencePack.check(r.body(), checkpoints.key())).contains("both files are as signed");
    }

    @Test
    void everyoneElseIsRefusedAtEveryDoor() throws Exception {
        long before = attestations();
        long packs = db.sql("select count(*) from posture_evidence_pack").query(Long.class).single();
        List<Api> refusedEverywhere = List.of(api("posture.api.bms", "SCIENTIST"), api("posture.api.authoriser", "AUTHORISER"),
                api("posture.api.gp", "REQUESTER"), api("posture.api.network", "NETWORK_MANAGER"), api("posture.api.machine", "INTERFACE"),
                api("posture.api.partner", "LAB_MANAGER", "RJ1"));
        for (Api who : refusedEverywhere) {
            assertThat(who.get("/api/posture").status()).isEqualTo(403);
            assertThat(download(who).statusCode()).isEqualTo(403);
            assertThat(who.post("/api/posture/attestations", GOOD).status()).isEqualTo(403);
        }
        // The administrator attests (a named person's word on the arrangements they run) but does not read the posture.
        Api administrator = api("posture.api.admin", "ADMINISTRATOR");
        assertThat(administrator.get("/api/posture").status()).isEqualTo(403);
        assertThat(download(administrator).statusCode()).isEqualTo(403);
        // No session, and a session's POST without its CSRF token.
        Api anonymous = Api.anonymous(port);
        assertThat(anonymous.get("/api/posture").status()).isEqualTo(401);
        assertThat(download(anonymous).statusCode()).isEqualTo(401);
        Api.Response forged = manager().withoutHeader("X-CSRF-TOKEN").post("/api/posture/attestations", GOOD);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("code").asString()).isEqualTo("csrf-token-required");
        // Making a pack is recorded: a cross-site GET cannot cause it, nor a POST without the token.
        assertThat(manager().get("/api/posture/evidence-pack").status()).isEqualTo(405);
        assertThat(download(manager().withoutHeader("X-CSRF-TOKEN")).statusCode()).isEqualTo(403);
        assertThat(attestations()).isEqualTo(before);
        assertThat(db.sql("select count(*) from posture_evidence_pack").query(Long.class).single()).isEqualTo(packs);

        assertThat(administrator.post("/api/posture/attestations", GOOD).status()).isEqualTo(201);
    }
}
