package org.pathguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.interop.hl7.Mllp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard router} in a process of its own: it says where it serves, on a data directory of its own, and what
 * answers on its MLLP port is the router (a sender it does not know is refused in the router's words), not a lab.
 */
class RouterCommandTest {

    private static final Pattern SERVING = Pattern.compile(
            "PathGuard network router is serving on http://localhost:(\\d+)/ .* HL7 v2 over MLLP on port (\\d+)");

    @TempDir
    Path dir;

    @Test
    void theRouterServesOnItsOwnDataDirectoryAndItsMllpPortIsTheRouters() throws Exception {
        Path dataDir = dir.resolve("router-data");
        Path log = dir.resolve("router.log");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.pathguard.cli.PathGuardCommand", "router", "--data-dir", dataDir.toString(), "--port", "0", "--mllp-port", "0",
                "--mllp-plain").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Matcher serving = awaitServing(jvm, log);
            int http = Integer.parseInt(serving.group(1));
            int mllp = Integer.parseInt(serving.group(2));
            assertThat(dataDir.resolve("postgres")).isDirectory();

            HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http + "/api/router/labs")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);

            try (Mllp connection = new Mllp(mllp)) {
                String ack = connection.send("MSH|^~\\&|ICE|G85001|PATHGUARD|PGNET|20261207000000||OML^O21^OML_O21|C1|P|2.5.1\r"
                        + "ORC|NW|P1\rOBR|1|P1||UE^^L");
                assertThat(Mllp.field(ack, "MSA", 1)).isEqualTo("AR");
                assertThat(Mllp.field(ack, "MSA", 3)).contains("not registered as an HL7 sender of the network router");
            }
        } finally {
            jvm.destroy();
            assertThat(jvm.waitFor(2, TimeUnit.MINUTES)).as("the router stopped on SIGTERM (see %s)", log).isTrue();
        }
    }

    private static Matcher awaitServing(Process jvm, Path log) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher serving = SERVING.matcher(output);
            if (serving.find()) {
                return serving;
            }
            assertThat(jvm.isAlive() && System.nanoTime() < giveUp).as("the router starts; its output ends:\n%s",
                    output.substring(Math.max(0, output.length() - 4_000))).isTrue();
            Thread.sleep(100);
        }
    }
}
