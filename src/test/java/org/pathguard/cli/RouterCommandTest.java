package org.pathguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.e2e.LabProcess;
import org.pathguard.interop.hl7.Mllp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard router} in a process of its own (started as the end-to-end test starts it): it says where it serves, on a data directory of its own, and what
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
        try (LabProcess router = LabProcess.start(LabProcess.Launch.router("router", dataDir, LabProcess.freePort(),
                LabProcess.freePort()), dir)) {
            Matcher serving = SERVING.matcher(Files.readString(router.log(), StandardCharsets.UTF_8));
            assertThat(serving.find()).as("the router says where it serves (see %s)", router.log()).isTrue();
            assertThat(Integer.parseInt(serving.group(1))).isEqualTo(router.httpPort());
            assertThat(Integer.parseInt(serving.group(2))).isEqualTo(router.mllpPort());
            assertThat(dataDir.resolve("postgres")).isDirectory();

            HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + router.httpPort() + "/api/router/labs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);

            try (Mllp connection = new Mllp(router.mllpPort())) {
                String ack = connection.send("MSH|^~\\&|ICE|G85001|PATHGUARD|PGNET|20261207000000||OML^O21^OML_O21|C1|P|2.5.1\r"
                        + "ORC|NW|P1\rOBR|1|P1||UE^^L");
                assertThat(Mllp.field(ack, "MSA", 1)).isEqualTo("AR");
                assertThat(Mllp.field(ack, "MSA", 3)).contains("not registered as an HL7 sender of the network router");
            }
            // The router stops on SIGTERM, as its operator stops it.
            router.stop();
        }
    }
}
