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
 * (its sign-in page, on the address it binds) when one runs, as the posture screen and API see it. When none runs (the
 * posture command), or it serves https (the probe does not second-guess the lab's certificate to read it), the headers
 * come from the configuration ({@link SecurityHeaders#declared()}, kept equal to a response by a test) and are never
 * rated better than partially achieved: a configuration is not a response. A server that runs but does not answer its
 * own request is not achieved, with the reason: nothing shows what its screens carry.
 */
@Component
class SecurityHeadersProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b4b-security-headers", CafOutcome.B4_B,
            "Every screen is served with a strict Content-Security-Policy, Strict-Transport-Security and the other security headers",
            Indicator.Kind.AUTOMATED);

    static final String NOT_OBSERVED = "read from the configuration, not observed";

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
        if (port == null) {
            return fromConfiguration("no web server runs in this process", now);
        }
        if (environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
            return fromConfiguration("this server serves https, which the probe does not read", now);
        }
        String host = host(environment.getProperty("server.address"));
        try {
            return observed(response(host, Integer.parseInt(port)), "a response of this server's sign-in page (http://" + host + ":" + port + ")", now);
        } catch (IOException e) {
            return failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted", now);
        }
    }

    /** The address the server binds; a wildcard or none is reached on loopback. */
    static String host(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank() || serverAddress.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (serverAddress.equals("::") || serverAddress.equals("0:0:0:0:0:0:0:0")) {
            return "[::1]";
        }
        return serverAddress.contains(":") && !serverAddress.startsWith("[") ? "[" + serverAddress + "]" : serverAddress;
    }

    static Reading observed(Map<String, String> headers, String source, Instant now) {
        HeaderRules.Judgement judgement = HeaderRules.judge(headers);
        String finding = judgement.problems().isEmpty() ? "The screens are served with every security header"
                : "The screens' responses: " + String.join("; ", judgement.problems());
        return new Reading(INDICATOR, judgement.rating(), finding, evidence(headers, source, judgement), now);
    }

    static Reading fromConfiguration(String why, Instant now) {
        Map<String, String> headers = SecurityHeaders.declared();
        HeaderRules.Judgement judgement = HeaderRules.judge(headers);
        String finding = "Headers " + NOT_OBSERVED + " (" + why + ")" + (judgement.problems().isEmpty() ? ""
                : ": " + String.join("; ", judgement.problems()));
        return new Reading(INDICATOR, judgement.rating().worse(Rating.PARTIALLY_ACHIEVED), finding,
                evidence(headers, "the configuration, not observed (" + why + ")", judgement), now);
    }

    static Reading failed(String reason, Instant now) {
        return new Reading(INDICATOR, Rating.NOT_ACHIEVED, "This server's own sign-in page could not be read: " + reason,
                List.of(new Evidence("read from", "nothing: the self-request failed")), now);
    }

    private static List<Evidence> evidence(Map<String, String> headers, String source, HeaderRules.Judgement judgement) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("read from", source));
        judgement.problems().forEach(p -> evidence.add(new Evidence("missing", p)));
        headers.forEach((name, value) -> evidence.add(new Evidence(name, value)));
        return evidence;
    }

    private static Map<String, String> response(String host, int port) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/sign-in"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : SecurityHeaders.declared().keySet()) {
                r.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
            }
            return headers;
        }
    }
}
