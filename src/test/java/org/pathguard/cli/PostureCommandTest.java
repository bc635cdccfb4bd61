package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard posture} on a fresh data directory, as an operator runs it with the server stopped: the outcomes
 * and indicators printed with exit code 1 (nothing is attested yet), the evidence pack written and checked offline with
 * only checkpoint-public.json, one flipped byte failing it; and {@code --mapping} equal to docs/posture.md.
 */
class PostureCommandTest {

    @Test
    void thePostureIsPrintedAndItsPackChecksOfflineAndOneFlippedByteFailsIt() throws Exception {
        Path dataDir = Files.createTempDirectory("pathguard-posture-");
        Path pack = dataDir.resolve("evidence.zip");
        DemoAtRestTest.Run posture = DemoAtRestTest.run("posture", "--data-dir", dataDir.toString(), "--pack", pack.toString());
        assertThat(posture.exitCode()).as(posture.output()).isEqualTo(1);
        assertThat(posture.output()).contains("C1.b Securing logs: ", "[partially achieved] c1b-chain-verifies (automated): The chain of ",
                "[not achieved] d1c-exercised-with-partner-labs (manual): Not attested", "outcomes achieved", "Evidence pack written to");
        // A fresh lab has no checkpoint yet, and this process runs no listener or web server: none of it said achieved.
        assertThat(posture.output()).contains("no checkpoint has been signed to match it with (without a signed checkpoint",
                "[partially achieved] b3b-mllp-listener-tls (automated): Not observed: no listener runs in this process",
                "[partially achieved] b4b-security-headers (automated): Headers read from the configuration, not observed");

        Path publicKey = dataDir.resolve("keys").resolve("checkpoint-public.json");
        DemoAtRestTest.Run valid = DemoAtRestTest.run("posture", "verify-pack", pack.toString(), "--public-key", publicKey.toString());
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output()).startsWith("VALID: ");

        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pack, bytes);
        DemoAtRestTest.Run invalid = DemoAtRestTest.run("posture", "verify-pack", pack.toString(), "--public-key", publicKey.toString());
        assertThat(invalid.exitCode()).as(invalid.output()).isEqualTo(1);
        assertThat(invalid.output()).startsWith("INVALID: ");

        DemoAtRestTest.Run stranger = DemoAtRestTest.run("posture", "--data-dir", dataDir.toString(), "--by", "no.such.person");
        assertThat(stranger.exitCode()).isEqualTo(2);
    }

    @Test
    void theMappingDocumentIsWhatTheIndicatorsSay() throws Exception {
        DemoAtRestTest.Run mapping = DemoAtRestTest.run("posture", "--mapping", "--data-dir",
                Files.createTempDirectory("pathguard-mapping-").toString());
        assertThat(mapping.exitCode()).as(mapping.output()).isZero();
        Path expected = Path.of("target", "posture.md");
        Files.writeString(expected, mapping.output());
        assertThat(Files.readString(Path.of("docs", "posture.md")))
                .as("docs/posture.md is generated: copy " + expected.toAbsolutePath() + " over it (or run ./pathguard posture --mapping)")
                .isEqualTo(mapping.output());
    }
}
