package org.pathguard.interop.fhir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.PathGuardApplication;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An NHS number searched for through FHIR reaches no log: not the application's, not HAPI's, not Tomcat's (which wrote
 * the whole request line of a GET whose {@code |} was not percent-encoded, as curl sends it), and not Tomcat's access
 * log, switched on here as an operator might.
 */
@SpringBootTest(classes = PathGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class IdentifiersOutOfLogsTest {

    private static final Path ACCESS_LOGS = temporaryDirectory();
    private static final String FORM = "application/x-www-form-urlencoded";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void accessLogOn(DynamicPropertyRegistry registry) {
        LabServerTest.freshStore(registry);
        registry.add("server.tomcat.accesslog.enabled", () -> "true");
        registry.add("server.tomcat.accesslog.directory", ACCESS_LOGS::toString);
        registry.add("server.tomcat.accesslog.buffered", () -> "false");
    }

    @Test
    void searchesByNhsNumberByGetAndByPostSearchLeaveTheNumberInNoLog(CapturedOutput output) throws IOException {
        Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, "gp.logs", Actor.Role.REQUESTER, "G85001");
        Api gp = Api.person(port, s.username(), s.password(), s.totpSecret());
        String nhs = Api.newNhsNumber();
        var registered = gp.post("/api/patients", Map.of("nhsNumber", nhs, "familyName", "Okonjo", "givenName", "Ada",
                "dateOfBirth", "1970-02-03", "sex", "FEMALE"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        var ordered = gp.post("/api/orders", Map.of("patientId", registered.json().get("id").asString(), "requesterOds", "G85001",
                "clinician", "Dr Shah", "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(ordered.status()).as(ordered.body()).isEqualTo(201);
        String token = UkCore.NHS_NUMBER + "|" + nhs;
        String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);

        // The preferred way: POST _search, the number in the body.
        var byPost = gp.post("/fhir/Patient/_search", FORM, "identifier=" + encoded);
        assertThat(byPost.status()).as(byPost.body()).isEqualTo(200);
        assertThat(byPost.body()).contains("Okonjo");
        for (String type : List.of("ServiceRequest", "Specimen", "Observation", "DiagnosticReport")) {
            var search = gp.post("/fhir/" + type + "/_search", FORM, "subject:identifier=" + encoded);
            assertThat(search.status()).as(type + ": " + search.body()).isEqualTo(200);
        }
        assertThat(gp.post("/fhir/ServiceRequest/_search", FORM, "subject:identifier=" + encoded).body()).contains("searchset")
                .contains("\"total\":1");

        // Still accepted in the URL, encoded or (as curl sends it) not.
        var byGet = gp.get("/fhir/Patient?identifier=" + encoded);
        assertThat(byGet.status()).isEqualTo(200);
        assertThat(byGet.body()).contains("Okonjo");
        assertThat(rawGet("/fhir/Observation?subject:identifier=" + token, gp)).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/fhir/Patient?identifier=" + token, gp)).startsWith("HTTP/1.1 200").contains("Okonjo");

        // Malformed percent-encoding around the number: Tomcat's parameter parser logged the value it dropped.
        assertThat(rawGet("/fhir/Patient?identifier=" + token + "%G1", gp)).startsWith("HTTP/1.1 4");
        assertThat(gp.post("/patients/search", FORM, "number=" + nhs + "%G1").status()).isLessThan(500);
        assertThat(gp.post("/fhir/Patient/_search", FORM, "identifier=" + encoded + "%ZZ").status()).isBetween(400, 499);

        assertThat(output.getAll()).doesNotContain(nhs);
        String accessLog = accessLog();
        assertThat(accessLog).as("Tomcat's access log is on and has lines").contains("/fhir/Patient/_search").contains("/fhir/Patient ");
        assertThat(accessLog).doesNotContain(nhs).doesNotContain("identifier");
    }

    /** A GET written by hand, so that the {@code |} goes unencoded as curl and many clients send it. */
    private String rawGet(String target, Api as) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/fhir+json\r\nCookie: " + as.cookie()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String accessLog() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(ACCESS_LOGS)) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("pathguard-access-log-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
