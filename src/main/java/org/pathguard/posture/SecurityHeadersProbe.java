package org.pathguard.posture;

import org.pathguard.web.SecurityHeaders;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * B4.b: the screens' responses carry the security headers. Read from a real response of this process's own server
 * (its sign-in page, on loopback) when one runs, as the posture screen and API see it; from the configuration
 * ({@link SecurityHeaders#declared()}, kept equal to a response by a test) when none does, as the posture command runs.
 */
@Component
class SecurityHeadersProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b4b-security-headers", CafOutcome.B4_B,
            "Every screen is served with a strict Content-Security-Policy, Strict-Transport-Security and the other security headers",
            Indicator.Kind.AUTOMATED);

    private final Environment environment;

    SecurityHeadersProbe(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        String port = environment.getProperty("local.server.port");
        Map<String, String> headers;
        String source;
        if (port == null) {
            headers = SecurityHeaders.declared();
            source = "the configuration (no web server runs in this process)";
        } else {
            try {
                headers = response(Integer.parseInt(port));
                source = "a response of this server's sign-in page";
            } catch (IOException e) {
                headers = SecurityHeaders.declared();
                source = "the configuration (this server's own response could not be read: " + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reading(INDICATOR, Rating.NOT_ACHIEVED, "Interrupted while reading the headers", List.of(), now);
            }
        }
        HeaderRules.Judgement judgement = HeaderRules.judge(headers);
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("read from", source));
        judgement.problems().forEach(p -> evidence.add(new Evidence("missing", p)));
        headers.forEach((name, value) -> evidence.add(new Evidence(name, value)));
        String finding = judgement.problems().isEmpty() ? "The screens are served with every security header"
                : "The screens' responses: " + String.join("; ", judgement.problems());
        return new Reading(INDICATOR, judgement.rating(), finding, evidence, now);
    }

    private static Map<String, String> response(int port) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sign-in"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : SecurityHeaders.declared().keySet()) {
                r.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
            }
            return headers;
        }
    }
}
