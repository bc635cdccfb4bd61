package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.pathguard.LabServerTest;
import org.pathguard.web.SecurityHeaders;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration probes on the shared test server: plain MLLP on loopback, the real headers. */
class ConfigurationProbesTest extends LabServerTest {

    @Autowired
    MllpListenerTransit listener;

    @Autowired
    SecurityHeadersProbe headers;

    @Test
    void theTestServersPlainMllpOnLoopbackIsPartiallyAchievedAndNamesItsBindAddress() {
        Reading reading = listener.take(Instant.now());
        assertThat(reading.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
        assertThat(reading.finding()).contains("plain MLLP").contains("127.0.0.1");
        assertThat(reading.evidence()).contains(new Evidence("bind address (pathguard.mllp.bind-address)", "127.0.0.1"));
    }

    @Test
    void theHeadersAreReadFromARealResponseAndAreAchieved() {
        Reading reading = headers.take(Instant.now());
        assertThat(reading.rating()).as(reading.finding()).isEqualTo(Rating.ACHIEVED);
        assertThat(reading.evidence()).contains(new Evidence("read from", "a response of this server's sign-in page (http://127.0.0.1:" + port + ")"));
    }

    /** What the posture reads when no server runs must be what a server sends. */
    @Test
    void theDeclaredHeadersAreTheOnesARealResponseCarries() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String path : new String[]{"/sign-in", "/api/patients"}) {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                SecurityHeaders.declared().forEach((name, value) ->
                        assertThat(r.headers().firstValue(name)).as(path + " " + name).contains(value));
            }
        }
    }
}
