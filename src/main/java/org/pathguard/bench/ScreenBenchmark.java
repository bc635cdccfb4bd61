package org.pathguard.bench;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.SecondFactor;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How long each screen takes to answer on the demo data: people of each role sign in through the
 * sign-in page, then every screen they use is fetched {@code rounds} times over loopback and timed
 * to its last byte (server time plus well under a millisecond of loopback). Reception scans and
 * validation decisions, which write, are timed once per specimen or result.
 */
public final class ScreenBenchmark {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern RESULT_ID = Pattern.compile("data-result-id=\"([0-9a-f-]{36})\"");

    private final String base;
    private final Accounts accounts;
    private final JdbcClient db;
    private final String labOds;
    private final PrintStream out;

    public ScreenBenchmark(int port, Accounts accounts, JdbcClient db, String labOds, PrintStream out) {
        this.base = "http://localhost:" + port;
        this.accounts = accounts;
        this.db = db;
        this.labOds = labOds;
        this.out = out;
    }

    public void run(int rounds) throws Exception {
        String practice = db.sql("select requester_ods from lab_order where requester_ods like 'G%' group by requester_ods order by count(*) desc limit 1")
                .query(String.class).single();
        UUID practicePatient = db.sql("select patient_id from lab_order where requester_ods = ? and reported_at is not null "
                + "group by patient_id order by count(*) desc, patient_id limit 1").param(practice).query(UUID.class).single();
        String practiceReport = db.sql("select accession from lab_order where requester_ods = ? and reported_at is not null "
                + "order by accession limit 1").param(practice).query(String.class).single();
        UUID labPatient = db.sql("select patient_id from result where status = 'PRELIMINARY' order by patient_id limit 1")
                .query(UUID.class).single();
        Browser scientist = signIn(Actor.Role.SCIENTIST, labOds);
        Browser authoriser = signIn(Actor.Role.AUTHORISER, labOds);
        Browser requester = signIn(Actor.Role.REQUESTER, practice);
        Browser auditor = signIn(Actor.Role.AUDITOR, labOds);
        Browser administrator = signIn(Actor.Role.ADMINISTRATOR, labOds);
        Map<String, Supplier<String>> screens = new LinkedHashMap<>();
        screens.put("Worklists (/)", () -> scientist.get("/"));
        screens.put("Reception (/reception)", () -> scientist.get("/reception"));
        screens.put("Result entry (/results/entry)", () -> scientist.get("/results/entry"));
        screens.put("Validation queue, a page of 50 (/validation)", () -> authoriser.get("/validation"));
        screens.put("Critical results (/critical)", () -> scientist.get("/critical"));
        screens.put("Patient record, lab (/patients/{id})", () -> scientist.get("/patients/" + labPatient));
        screens.put("Patient record, GP (/patients/{id})", () -> requester.get("/patients/" + practicePatient));
        screens.put("Results inbox, GP (/inbox)", () -> requester.get("/inbox"));
        screens.put("Report, GP (/reports/{accession})", () -> requester.get("/reports/" + practiceReport));
        screens.put("New request (/orders/new)", () -> requester.get("/orders/new"));
        screens.put("Turnaround (/turnaround)", () -> scientist.get("/turnaround"));
        screens.put("Users (/admin)", () -> administrator.get("/admin"));
        screens.put("Access audit (/audit)", () -> auditor.get("/audit"));
        out.printf("Each screen fetched %d times after one warm-up, timed to the last byte over loopback (ms):%n", rounds);
        out.printf("  %-44s %7s %7s %7s %7s%n", "screen", "median", "p95", "max", "KiB");
        for (var screen : screens.entrySet()) {
            int bytes = screen.getValue().get().getBytes(StandardCharsets.UTF_8).length;
            double[] ms = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                screen.getValue().get();
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            report(screen.getKey(), ms, bytes);
        }
        timeWrites(scientist, authoriser, rounds);
    }

    private void timeWrites(Browser scientist, Browser authoriser, int rounds) {
        List<String> awaited = db.sql("select barcode from specimen where status = 'COLLECTED' order by barcode limit ?")
                .param(rounds).query(String.class).list();
        scientist.get("/reception");
        double[] scans = awaited.stream().mapToDouble(barcode -> {
            long start = System.nanoTime();
            scientist.post("/reception/scan", Map.of("barcode", barcode, "mode", "receive"), true);
            return (System.nanoTime() - start) / 1e6;
        }).toArray();
        report("Reception scan, receive (POST, htmx)", scans, 0);
        List<String> held = new ArrayList<>();
        // Only rows the authoriser may decide: the demo day leaves some results held behind a failed QC run, which the
        // lab rightly refuses to authorise (409) until a passing run is accepted.
        String[] rows = authoriser.get("/validation").split("data-result-row");
        for (int i = 1; i < rows.length && held.size() < rounds; i++) {
            Matcher id = RESULT_ID.matcher(rows[i]);
            if (id.find() && rows[i].contains("data-authorisable=\"true\"") && !rows[i].contains("data-testid=\"qc-hold\"")) {
                held.add(id.group(1));
            }
        }
        double[] decisions = held.stream().mapToDouble(id -> {
            long start = System.nanoTime();
            authoriser.post("/validation/" + id + "/authorisation", Map.of("comment", ""), true);
            return (System.nanoTime() - start) / 1e6;
        }).toArray();
        report("Validation, authorise one (POST, htmx)", decisions, 0);
    }

    private void report(String name, double[] ms, long bytes) {
        if (ms.length == 0) {
            out.printf("  %-44s (nothing to time)%n", name);
            return;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        out.printf("  %-44s %7.1f %7.1f %7.1f %7s%n", name, sorted[sorted.length / 2],
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)], sorted[sorted.length - 1],
                bytes == 0 ? "" : "%.0f".formatted(bytes / 1024.0));
    }

    /** A person at a browser: a session cookie and the sign-in page's two steps. */
    private Browser signIn(Actor.Role role, String organisation) {
        Accounts.Secrets secrets = accounts.createEnrolled(Actor.SYSTEM, "bench." + role.name().toLowerCase() + "." + UUID.randomUUID(),
                role, organisation);
        Browser browser = new Browser();
        browser.get("/sign-in");
        browser.post("/sign-in", Map.of("username", secrets.username(), "password", secrets.password()), false);
        browser.post("/sign-in/code", Map.of("code", SecondFactor.code(SecondFactor.fromBase32(secrets.totpSecret()),
                Instant.now().plusSeconds(30))), false);
        if (!browser.get("/").contains("Sign out")) {
            throw new IllegalStateException("Could not sign in as a " + role);
        }
        return browser;
    }

    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        private String csrf;

        String get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        }

        String post(String path, Map<String, String> form, boolean htmx) {
            Map<String, String> fields = new LinkedHashMap<>(form);
            fields.put("_csrf", csrf);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))));
            if (htmx) {
                request.header("HX-Request", "true");
            }
            return send(request.build());
        }

        private String send(HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 400) {
                    throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode());
                }
                // A lost session answers every screen with the sign-in page: its speed is not the screen's.
                if (response.uri().getPath().startsWith("/sign-in") && !request.uri().getPath().startsWith("/sign-in")) {
                    throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " was sent to the sign-in page");
                }
                String body = response.body();
                Matcher token = CSRF.matcher(body);
                if (token.find()) {
                    csrf = token.group(1);
                }
                return body;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
