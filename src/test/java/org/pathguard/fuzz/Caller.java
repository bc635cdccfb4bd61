package org.pathguard.fuzz;

import org.pathguard.Api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed-in principal's requests to the server under test, each with a time limit, so that a request
 * the server never answers is a finding rather than a build that hangs.
 */
record Caller(int port, Map<String, String> credentials) {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);
    /** No answer the lab writes comes near this; a longer one echoes or amplifies input, and would exhaust the heap here. */
    private static final int LONGEST_ANSWER = 1 << 20;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIME_LIMIT).build();

    /** The principal's credential as headers: a machine's bearer token, or a person's CSRF token and session cookie. */
    static Caller of(Api signedIn, int port) {
        Map<String, String> credentials = new LinkedHashMap<>(signedIn.headers());
        if (!credentials.containsKey("Authorization")) {
            credentials.put("Cookie", signedIn.cookie());
        }
        return new Caller(port, credentials);
    }

    Api.Response post(String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(TIME_LIMIT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        credentials.forEach(request::header);
        try {
            HttpResponse<InputStream> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = in.readNBytes(LONGEST_ANSWER + 1);
            }
            if (answer.length > LONGEST_ANSWER) {
                throw new AssertionError("An answer longer than " + LONGEST_ANSWER + " bytes to POST " + path);
            }
            return new Api.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    new String(answer, StandardCharsets.UTF_8), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from the server to POST " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
