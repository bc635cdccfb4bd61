package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The SBOM's rules (A3.a present, B4.d build age), without a server. */
class SbomSummaryTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration MAX = Duration.ofDays(90);

    private static Sbom.Summary builtDaysAgo(long days) {
        return new Sbom.Summary(null, "pathguard 0.1.0", 210, NOW.minus(Duration.ofDays(days)), null, null);
    }

    @Test
    void aBillListingComponentsIsAchievedAndNoneOrAnEmptyOneIsNot() {
        assertThat(builtDaysAgo(1).rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(new Sbom.Summary("the build made none", null, 0, null, null, null).rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(new Sbom.Summary(null, "pathguard 0.1.0", 0, NOW, null, null).rating()).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void aBuildWithinTheAgeIsAchievedOlderPartialTwiceAsOldOrOfUnknownAgeNot() {
        assertThat(builtDaysAgo(90).buildAge(NOW, MAX)).isEqualTo(Rating.ACHIEVED);
        assertThat(builtDaysAgo(91).buildAge(NOW, MAX)).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(builtDaysAgo(180).buildAge(NOW, MAX)).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(builtDaysAgo(181).buildAge(NOW, MAX)).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(new Sbom.Summary(null, "pathguard 0.1.0", 210, null, null, null).buildAge(NOW, MAX)).isEqualTo(Rating.NOT_ACHIEVED);
    }

    @Test
    void theRunningJarIsFoundFromASpringBootNestedLocationOrAPlainOneAndNotFromClasses() throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.createTempFile("pathguard-", ".jar");
        assertThat(Sbom.jarOf("jar:nested:" + jar + "/!BOOT-INF/classes/!/")).contains(jar);
        assertThat(Sbom.jarOf(jar.toUri().toString())).contains(jar);
        assertThat(Sbom.jarOf("file:/work/pathguard/target/classes/")).isEmpty();
        assertThat(Sbom.jarOf("jar:nested:/nowhere/pathguard.jar/!BOOT-INF/classes/!/")).isEmpty();
    }
}
