package org.pathguard;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

/** A plain HTTP client for the JSON API, acting as one named actor. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);

    private final int port;
    private final String actor;
    private final String role;

    public Api(int port, String actor, String role) {
        this.port = port;
        this.actor = actor;
        this.role = role;
    }

    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response post(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(builder(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response postBytes(String path, byte[] body) {
        return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (actor != null) {
            b.header("X-PathGuard-Actor", actor);
        }
        if (role != null) {
            b.header("X-PathGuard-Role", role);
        }
        return b;
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh NHS number in the 999 test range (9991xxxxx, apart from the demo's) with a valid check digit. */
    public static String newNhsNumber() {
        while (true) {
            String nine = "9991" + String.format("%05d", UNIQUE.incrementAndGet() % 100_000);
            var n = org.pathguard.lab.NhsNumber.withCheckDigit(nine);
            if (n.isPresent()) {
                return n.get().value();
            }
        }
    }

    public static String unique(String prefix) {
        return prefix + UNIQUE.incrementAndGet();
    }
}
