package org.pathguard;

import org.pathguard.access.SecondFactor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain HTTP client for the JSON API, as the server sees one principal: a person signed in with
 * password and TOTP (session cookie and CSRF token), a machine with its bearer credential, or
 * nobody.
 */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);

    private final int port;
    private final HttpClient client;
    private final Map<String, String> headers;

    private Api(int port, HttpClient client, Map<String, String> headers) {
        this.port = port;
        this.client = client;
        this.headers = Map.copyOf(headers);
    }

    public static Api anonymous(int port) {
        return new Api(port, HttpClient.newBuilder().cookieHandler(new CookieManager()).build(), Map.of());
    }

    public static Api machine(int port, String credential) {
        return new Api(port, HttpClient.newHttpClient(), Map.of("Authorization", "Bearer " + credential));
    }

    /**
     * Signs in through the API as a person does: session and CSRF token, password, then the TOTP
     * code (of the next time step, since enrolment used the current one and a step is accepted once).
     */
    public static Api person(int port, String username, String password, String totpSecret) {
        Api anonymous = anonymous(port);
        Response session = anonymous.get("/api/session");
        Api withToken = anonymous.withHeader("X-CSRF-TOKEN", session.json().get("csrfToken").asString());
        Response first = withToken.post("/api/session/password", Map.of("username", username, "password", password));
        if (first.status() != 200) {
            throw new IllegalStateException("password refused: " + first.body());
        }
        String code = SecondFactor.code(SecondFactor.fromBase32(totpSecret), Instant.now().plusSeconds(30));
        Response second = withToken.post("/api/session/second-factor", Map.of("code", code));
        if (second.status() != 200) {
            throw new IllegalStateException("second factor refused: " + second.body());
        }
        return anonymous.withHeader("X-CSRF-TOKEN", second.json().get("csrfToken").asString());
    }

    public Api withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Api(port, client, more);
    }

    public Api withoutHeader(String name) {
        Map<String, String> fewer = new LinkedHashMap<>(headers);
        fewer.remove(name);
        return new Api(port, client, fewer);
    }

    /** The headers that carry this principal's credential (the cookie travels in the client's cookie store). */
    public Map<String, String> headers() {
        return headers;
    }

    public String cookie() {
        return ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .map(Object::toString).reduce((a, b) -> a + "; " + b).orElse("");
    }

    public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
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

    /** A form as a browser posts it (the screens), with this session's cookie and CSRF token. */
    public Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8)
                + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        return send(builder(path).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    public Response put(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(builder(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    /** A body of any type: a screen's form (application/x-www-form-urlencoded), a FHIR resource or search. */
    public Response post(String path, String contentType, String body) {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postBytes(String path, byte[] body) {
        return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        headers.forEach(b::header);
        return b;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
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

    /**
     * A random name of {@code length} letters (a capital, then small letters): long enough that finding it in a
     * database file or a log can only mean it leaked.
     */
    public static String randomName(int length) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder s = new StringBuilder().append((char) ('A' + random.nextInt(26)));
        while (s.length() < length) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}
