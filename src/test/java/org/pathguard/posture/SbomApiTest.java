package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The build's SBOM on the running server: the probes read it, the lab manager and privacy officer download it, no one else. */
class SbomApiTest extends LabServerTest {

    @Autowired
    SbomProbe sbomProbe;

    @Autowired
    BuildAgeProbe buildAge;

    @Test
    void theLabManagerAndThePrivacyOfficerDownloadTheCycloneDxTheProbeCounts() {
        Reading reading = sbomProbe.take(Instant.now());
        assertThat(reading.rating()).as(reading.finding()).isEqualTo(Rating.ACHIEVED);
        for (Api api : new Api[]{api("sbom.manager", "LAB_MANAGER"), api("sbom.auditor", "AUDITOR")}) {
            Api.Response r = api.get("/api/posture/sbom");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("application/vnd.cyclonedx+json");
            JsonNode bom = r.json();
            assertThat(bom.path("bomFormat").asString()).isEqualTo("CycloneDX");
            assertThat(bom.path("metadata").path("component").path("name").asString()).isEqualTo("pathguard");
            assertThat(bom.path("components").size()).isGreaterThan(50);
            assertThat(reading.evidence()).contains(new Evidence("components", String.valueOf(bom.path("components").size())));
            // What runs, not what tests it.
            assertThat(bom.path("components").valueStream().map(c -> c.path("name").asString())).doesNotContain("junit-jupiter-api", "assertj-core")
                    .contains("tink", "postgresql");
        }
    }

    @Test
    void theBuildTheTestsRunIsRecent() {
        Reading reading = buildAge.take(Instant.now());
        assertThat(reading.rating()).isEqualTo(Rating.ACHIEVED);
        Instant built = Instant.parse(reading.evidence().getFirst().value());
        assertThat(Duration.between(built, Instant.now())).isLessThan(Duration.ofDays(1));
        assertThat(buildAge.take(built.plus(Duration.ofDays(100))).rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
    }

    @Test
    void everyOtherRoleAnotherOrganisationAMachineAndNoOneAreRefused() {
        for (String role : new String[]{"SCIENTIST", "AUTHORISER", "ADMINISTRATOR", "REQUESTER"}) {
            assertThat(api("sbom." + role.toLowerCase(), role).get("/api/posture/sbom").status()).as(role).isEqualTo(403);
        }
        assertThat(api("sbom.machine", "INTERFACE").get("/api/posture/sbom").status()).isEqualTo(403);
        assertThat(api("sbom.partner.manager", "LAB_MANAGER", "RYJ").get("/api/posture/sbom").status()).isEqualTo(403);
        assertThat(api("sbom.partner.auditor", "AUDITOR", "RYJ").get("/api/posture/sbom").status()).isEqualTo(403);
        assertThat(Api.anonymous(port).get("/api/posture/sbom").status()).isEqualTo(401);
    }
}
